// Behaviour of the pure text functions, and proofs that their work is linear: instead of timing
// anything, the scanners count the characters they inspect, and the tests bound that count by a
// constant times the input's length on the inputs that made the old regex quadratic.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  capMarks, findLinks, flatDirection, label, MAX_DIRECTION_CHANGES, MAX_LABEL_CHARS, MAX_LINK_BYTES,
  MAX_LINKS, MAX_MARKS,
} from '../text.js';

const urls = (text) => findLinks(text).map((l) => l.url);

function linear(fn, text, perChar) {
  const meter = { steps: 0 };
  const result = fn(text, meter);
  assert.ok(
    meter.steps <= perChar * text.length + 16,
    `${meter.steps} steps for ${text.length} characters (bound ${perChar} per character)`,
  );
  return result;
}

test('links are found with their ranges', () => {
  const text = 'see https://example.com/a?b=c and http://x.org';
  assert.deepEqual(findLinks(text), [
    { start: 4, end: 29, url: 'https://example.com/a?b=c', host: null },
    { start: 34, end: 46, url: 'http://x.org', host: null },
  ]);
});

test('only http and https become links, and only at a word boundary', () => {
  assert.deepEqual(urls('javascript:alert(1) ftp://a.b file:///etc/passwd'), []);
  assert.deepEqual(urls('xhttps://a.example'), []);
  assert.deepEqual(urls('HTTPS://A.EXAMPLE/x'), ['HTTPS://A.EXAMPLE/x']);
  assert.deepEqual(urls('https:// http://'), [], 'a link needs a host');
  assert.deepEqual(urls('https:///etc/passwd'), []);
});

test('trailing punctuation belongs to the sentence', () => {
  assert.deepEqual(urls('Go to https://example.com/a.'), ['https://example.com/a']);
  assert.deepEqual(urls('https://example.com/a?!...;:,'), ['https://example.com/a']);
  assert.deepEqual(urls('«https://example.com/a»'), ['https://example.com/a']);
  assert.deepEqual(urls('“https://example.com/a”’'), ['https://example.com/a']);
  assert.deepEqual(urls('https://example.com/a.b'), ['https://example.com/a.b']);
});

test('links end at spaces, quotes and angle brackets', () => {
  assert.deepEqual(urls('<https://a.example/x>'), ['https://a.example/x']);
  assert.deepEqual(urls('"https://a.example/x"'), ['https://a.example/x']);
  assert.deepEqual(urls('https://a.example/x\u00a0y'), ['https://a.example/x']);
  assert.deepEqual(urls('https://a.example/x\u3000y'), ['https://a.example/x']);
});

test('balanced brackets stay in the link, unmatched closing ones do not', () => {
  assert.deepEqual(urls('https://en.wikipedia.org/wiki/Foo_(bar)'), ['https://en.wikipedia.org/wiki/Foo_(bar)']);
  assert.deepEqual(urls('(see https://en.wikipedia.org/wiki/Foo_(bar)).'), ['https://en.wikipedia.org/wiki/Foo_(bar)']);
  assert.deepEqual(urls('(https://a.example/x)'), ['https://a.example/x']);
  assert.deepEqual(urls('[https://a.example/x[1]]'), ['https://a.example/x[1]']);
  assert.deepEqual(urls('https://a.example/((x)))))'), ['https://a.example/((x))']);
});

test('a link with a user-info part stays text', () => {
  assert.deepEqual(urls('https://bank.example@evil.example'), []);
  assert.deepEqual(urls('https://bank.example:pin@evil.example/login'), []);
  assert.deepEqual(urls('https://user@evil.example.'), []);
  assert.deepEqual(urls('https://a.example/profile@me'), ['https://a.example/profile@me'], '@ in a path is fine');
  assert.deepEqual(urls('https://bank.example%40evil.example'), [], 'a URL parser refuses it');
});

test('an internationalised host is also given in punycode', () => {
  const [link] = findLinks('https://exämple.com/x');
  assert.equal(link.url, 'https://exämple.com/x');
  assert.equal(link.host, 'xn--exmple-cua.com');
  assert.equal(findLinks('https://Example.COM:8443/x')[0].host, null, 'case and port are not a difference');
  assert.equal(findLinks('https://[::1]:8080/')[0].host, null);
  assert.equal(findLinks('https://%65xample.com/')[0].host, 'example.com');
  assert.equal(findLinks('https://example\u3002com/')[0].host, 'example.com', 'ideographic full stop');
});

test('a link over 2 KiB is text', () => {
  const prefix = 'https://example.com/';
  const fits = prefix + 'a'.repeat(MAX_LINK_BYTES - prefix.length);
  assert.deepEqual(urls(fits), [fits]);
  assert.deepEqual(urls(fits + 'a'), []);
  const wide = prefix + 'ä'.repeat((MAX_LINK_BYTES - prefix.length) / 2 + 1);
  assert.deepEqual(urls(wide), [], 'measured in UTF-8 bytes, not characters');
  assert.deepEqual(urls(`${fits}a https://b.example`), ['https://b.example'], 'the scan goes on after it');
});

test('a link followed by a long run of punctuation and a letter is linear', () => {
  const text = `https://example.com/${'.'.repeat(60000)}x`;
  assert.deepEqual(linear(findLinks, text, 3), [], 'over 2 KiB once the letter ends the run');
  const trimmed = `https://example.com/${'!?.,'.repeat(50000)} x`;
  assert.deepEqual(linear(findLinks, trimmed, 3).map((l) => l.url), ['https://example.com/']);
  const closing = `https://example.com/${')'.repeat(100000)}`;
  assert.deepEqual(linear(findLinks, closing, 3).map((l) => l.url), ['https://example.com/']);
});

test('the first MAX_LINKS links are found, in linear work, and the rest stay text', () => {
  const text = Array.from({ length: 20000 }, (_, n) => `https://a${n}.example`).join(' ');
  const links = linear(findLinks, text, 4);
  assert.equal(links.length, MAX_LINKS);
  assert.equal(links[MAX_LINKS - 1].url, `https://a${MAX_LINKS - 1}.example`);
  const few = Array.from({ length: MAX_LINKS }, (_, n) => `https://a${n}.example`).join(' ');
  assert.equal(findLinks(few).length, MAX_LINKS, 'up to the cap every link is found');
  const glued = 'https://a.example'.repeat(10000);
  assert.equal(linear(findLinks, glued, 4).length, 0, 'one 170 KB run, over the cap');
});

test('a 200 KB word, brackets and near-misses cost linear work', () => {
  assert.deepEqual(linear(findLinks, 'a'.repeat(200000), 2), []);
  assert.deepEqual(linear(findLinks, '('.repeat(50000), 2), []);
  assert.deepEqual(linear(findLinks, `https://a.example/${'('.repeat(50000)}`, 3), []);
  assert.deepEqual(linear(findLinks, 'http:/'.repeat(40000), 9), []);
  assert.deepEqual(linear(findLinks, ' https:'.repeat(40000), 9), []);
  assert.deepEqual(linear(findLinks, 'h'.repeat(200000), 9), []);
});

test('combining marks are capped per base character', () => {
  const acute = '\u0301';
  assert.equal(capMarks(`e${acute.repeat(10)}x`), `e${acute.repeat(MAX_MARKS)}x`);
  assert.equal(capMarks(`${acute.repeat(9)}a`), `${acute.repeat(MAX_MARKS)}a`, 'even with no base');
  assert.equal(capMarks('Vi\u1EC7t \u0065\u0323\u0302'), 'Vi\u1EC7t \u0065\u0323\u0302', 'real text is kept');
  assert.equal(capMarks('👩‍👩‍👧‍👦 1\uFE0F\u20E3'), '👩‍👩‍👧‍👦 1\uFE0F\u20E3');
  const enclosing = '\u20DD'.repeat(8);
  assert.equal(capMarks(`o${enclosing}`), `o${'\u20DD'.repeat(MAX_MARKS)}`, 'enclosing marks (Me) count');
  const astral = '\u{1D167}'.repeat(6);
  assert.equal(capMarks(`x${astral}y`), `x${'\u{1D167}'.repeat(MAX_MARKS)}y`, 'marks outside the BMP count');
  const plain = 'no marks at all';
  assert.equal(capMarks(plain), plain);
});

test('90,000 combining marks cost linear work', () => {
  const zalgo = `Z${'\u0336\u0301\u0489'.repeat(30000)}!`;
  const capped = linear(capMarks, zalgo, 1);
  assert.equal(capped, `Z${'\u0336\u0301\u0489\u0336'}!`);
  const every = Array.from({ length: 50000 }, () => `a${'\u0300'.repeat(6)}`).join('');
  assert.equal(linear(capMarks, every, 1).length, 50000 * (1 + MAX_MARKS));
});

test('text is laid out as written unless it changes direction too often', () => {
  assert.equal(flatDirection('Hello world'), null);
  assert.equal(flatDirection('שלום, the order 1234 is on its way, תודה'), null, 'real mixed text');
  const alternating = (pairs) => 'אa'.repeat(pairs);
  assert.equal(flatDirection(alternating(MAX_DIRECTION_CHANGES / 2)), null, 'at the limit');
  assert.equal(flatDirection(alternating(MAX_DIRECTION_CHANGES)), 'ltr', 'over it: as many of each, left to right');
  assert.equal(flatDirection(`${'ש'.repeat(5000)}${'a1'.repeat(600)}${'ש'.repeat(5000)}`), null,
    'digits and punctuation are not a change');
  const mostlyHebrew = `${'שלום '.repeat(2000)}${'אb'.repeat(MAX_DIRECTION_CHANGES)}`;
  assert.equal(flatDirection(mostlyHebrew), 'rtl', 'the direction most letters have');
  const isolates = '\u2067x\u2069'.repeat(MAX_DIRECTION_CHANGES);
  assert.equal(flatDirection(isolates), 'ltr', 'explicit isolates and embeddings count');
  assert.equal(flatDirection(`é${'ء'.repeat(2)}`.repeat(MAX_DIRECTION_CHANGES)), 'rtl', 'letters beyond ASCII');
});

test('counting direction changes is linear', () => {
  assert.equal(linear(flatDirection, 'אa'.repeat(128000), 1), 'ltr');
  assert.equal(linear(flatDirection, '\u{10900}a'.repeat(60000), 1), 'ltr', 'right-to-left outside the BMP');
  assert.equal(linear(flatDirection, 'x'.repeat(256000), 1), null);
});

test('a one-line text is capped and cut, inspecting only a bounded prefix', () => {
  assert.equal(label('Ada Lovelace'), 'Ada Lovelace');
  assert.equal(label(null), '');
  assert.equal(label('x'.repeat(MAX_LABEL_CHARS)), 'x'.repeat(MAX_LABEL_CHARS), 'at the limit, whole');
  assert.equal(label('x'.repeat(300000)), `${'x'.repeat(MAX_LABEL_CHARS)}…`);
  const zalgo = `Zalgo${'\u0301'.repeat(90000)}`;
  const meter = { steps: 0 };
  assert.equal(label(zalgo, meter), `Zalgo${'\u0301'.repeat(MAX_MARKS)}…`);
  assert.ok(meter.steps <= MAX_LABEL_CHARS * (MAX_MARKS + 1) + 1, `${meter.steps} characters inspected`);
  const emoji = `${'x'.repeat(MAX_LABEL_CHARS - 1)}😀😀`;
  assert.equal(label(emoji), `${'x'.repeat(MAX_LABEL_CHARS - 1)}…`, 'a surrogate pair is never split');
});
