// Pure functions over customer text, with no DOM or IPC imports so node can test them directly.
//
// Customer text is hostile and bodies may be 256 KiB, so every function here is a single forward
// pass (plus, for links, one bounded backward trim): no regular expression is ever run over a
// whole body with a pattern that can backtrack. A `meter` ({ steps: 0 }) may be passed to count
// the characters inspected; the tests use it to prove the work is linear without timing anything.

/// More combining marks than this after one base character are dropped: real scripts need a few,
/// while tens of thousands stacked on one letter ("Zalgo") freeze text layout for many seconds.
export const MAX_MARKS = 4;

/// A longer link is shown as text: nobody clicks a 2 KiB URL on purpose, and it is the shape a
/// payload built to stress the link scanner or the URL parser takes.
export const MAX_LINK_BYTES = 2 * 1024;

/// Links after this many in one message stay text: each link is a few elements, and tens of
/// thousands of them stall the window's layout for seconds (measured in WebKitGTK).
export const MAX_LINKS = 200;

/// Past this many changes of writing direction in one message, WebKit's bidi layout (which grows
/// faster than the square of the changes: 8,000 alternating letters took 0.8 s, 30,000 took 394 s)
/// is turned off for it and the text is shown in its main direction. Real mixed text changes
/// direction a few times a sentence; 500 changes cost the window about 10 ms.
export const MAX_DIRECTION_CHANGES = 500;

/// Past this many UTF-16 units a message body is shown folded: its start, and a button for the
/// rest. WebKit lays out a whole 256 KiB body in about 0.3 s on an idle machine and several
/// times that on a busy one; a folded start costs a few milliseconds.
export const FOLD_AT = 16 * 1024;

/// One-line texts (names, previews) are cut to this many UTF-16 units: more than a line shows,
/// so a 256 KiB name costs the list what a short one does.
export const MAX_LABEL_CHARS = 200;

const MARK = /^\p{M}$/u;
// The first combining mark in Unicode is U+0300; anything below is a base character, which keeps
// the common case (ASCII and Latin-1) off the regex entirely.
const FIRST_MARK = 0x300;

function isMark(codePoint) {
  return codePoint >= FIRST_MARK && MARK.test(String.fromCodePoint(codePoint));
}

/// `text` with at most MAX_MARKS combining marks after any base character (or at the start).
export function capMarks(text, meter) {
  const parts = [];
  let kept = 0; // start of the slice not yet copied to `parts`
  let run = 0;
  let i = 0;
  while (i < text.length) {
    if (meter) meter.steps += 1;
    const codePoint = text.codePointAt(i);
    const width = codePoint > 0xffff ? 2 : 1;
    if (isMark(codePoint)) {
      run += 1;
      if (run > MAX_MARKS) {
        if (i > kept) parts.push(text.slice(kept, i));
        kept = i + width;
      }
    } else {
      run = 0;
    }
    i += width;
  }
  if (kept === 0) return text;
  parts.push(text.slice(kept));
  return parts.join('');
}

/// `text` cut to at most `length` UTF-16 units without splitting a surrogate pair.
export function cut(text, length) {
  if (text.length <= length) return text;
  const high = text.charCodeAt(length - 1);
  return text.slice(0, high >= 0xd800 && high <= 0xdbff ? length - 1 : length);
}

/// A name, preview or other one-line text as shown: combining marks capped and cut to
/// MAX_LABEL_CHARS with an ellipsis. Only a bounded prefix is ever inspected.
export function label(text, meter) {
  const whole = String(text ?? '');
  // Capping can only shorten, so this prefix holds every unit that can be shown.
  const prefix = cut(whole, MAX_LABEL_CHARS * (MAX_MARKS + 1) + 1);
  const capped = capMarks(prefix, meter);
  if (capped.length > MAX_LABEL_CHARS) return `${cut(capped, MAX_LABEL_CHARS)}…`;
  return prefix.length < whole.length ? `${capped}…` : capped;
}

const WORD = /[A-Za-z0-9_]/u;

// Characters that end a link: what `\s` matches in JavaScript, plus the quote and angle
// characters that usually delimit a URL in prose or markup.
function endsLink(code) {
  switch (code) {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20: case 0xa0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f: case 0x3000: case 0xfeff:
    case 0x3c: case 0x3e: case 0x22: case 0x27: case 0x60:
      return true;
    default:
      return code >= 0x2000 && code <= 0x200a;
  }
}

// Trailing characters that belong to the sentence rather than the link.
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', ')', ']', '}', "'", '"', '»', '”', '’']);
const CLOSERS = { ')': '(', ']': '[', '}': '{' };

function lower(code) {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

const HTTP = 'http';

// Length of "http://" or "https://" at `i` (any case), or 0. Inspects at most 8 characters.
function schemeAt(text, i, meter) {
  for (let k = 0; k < HTTP.length; k += 1) {
    if (meter) meter.steps += 1;
    if (lower(text.charCodeAt(i + k)) !== HTTP.charCodeAt(k)) return 0;
  }
  let j = i + HTTP.length;
  if (lower(text.charCodeAt(j)) === 0x73) j += 1; // 's'
  if (meter) meter.steps += 3;
  return text.startsWith('://', j) ? j + 3 - i : 0;
}

function utf8Length(text, meter) {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    if (meter) meter.steps += 1;
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) { bytes += 4; i += 1; }
    else bytes += 3;
  }
  return bytes;
}

/// The first MAX_LINKS http(s) links in `text` as `{ start, end, url, host }`, in order and not overlapping;
/// `host` is the host name in ASCII (punycode) when that differs from how the text writes it,
/// else null. Links with a user-info part (`https://bank.example@evil.example`), without a host,
/// longer than MAX_LINK_BYTES or that a URL parser refuses are left out: they stay text.
export function findLinks(text, meter) {
  const links = [];
  let i = 0;
  while (i < text.length) {
    if (meter) meter.steps += 1;
    const code = text.charCodeAt(i);
    if ((code !== 0x68 && code !== 0x48) || (i > 0 && WORD.test(text[i - 1]))) {
      i += 1;
      continue;
    }
    const schemeLength = schemeAt(text, i, meter);
    if (schemeLength === 0) {
      i += 1;
      continue;
    }
    const found = scanLink(text, i, i + schemeLength, meter);
    if (found.link) links.push(found.link);
    if (links.length === MAX_LINKS) break;
    // Nothing between here and `found.next` can start another link: it is all one run of
    // link characters (or the punctuation trimmed off its end), so the scan never revisits it.
    i = found.next;
  }
  return links;
}

function scanLink(text, start, hostStart, meter) {
  const opened = { '(': 0, '[': 0, '{': 0 };
  const closed = { ')': 0, ']': 0, '}': 0 };
  let authorityEnd = -1;
  let userInfo = false;
  let end = hostStart;
  while (end < text.length && !endsLink(text.charCodeAt(end))) {
    if (meter) meter.steps += 1;
    const c = text[end];
    if (c in opened) opened[c] += 1;
    else if (c in closed) closed[c] += 1;
    if (authorityEnd < 0) {
      if (c === '/' || c === '?' || c === '#' || c === '\\') authorityEnd = end;
      else if (c === '@') userInfo = true;
    }
    end += 1;
  }
  const next = end;
  // Each step removes one character, so trimming costs at most what scanning did. A closing
  // bracket stays when the link opened one it matches, as in https://en.wikipedia.org/wiki/Foo_(bar).
  while (end > hostStart) {
    if (meter) meter.steps += 1;
    const c = text[end - 1];
    if (!TRAILING.has(c)) break;
    if (c in closed) {
      if (closed[c] <= opened[CLOSERS[c]]) break;
      closed[c] -= 1;
    }
    end -= 1;
  }
  // '@' is never trimmed, so a user-info part seen by the scan is still inside the link.
  if (authorityEnd < 0 || authorityEnd > end) authorityEnd = end;
  const refused = { link: null, next };
  if (userInfo || authorityEnd === hostStart) return refused;
  if (end - start > MAX_LINK_BYTES) return refused;
  const url = text.slice(start, end);
  if (utf8Length(url, meter) > MAX_LINK_BYTES) return refused;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return refused;
  }
  if (!parsed.hostname || parsed.username || parsed.password) return refused;
  const written = withoutPort(text.slice(hostStart, authorityEnd)).toLowerCase();
  const host = parsed.hostname === written ? null : parsed.hostname;
  return { link: { start, end, url, host }, next };
}

function withoutPort(authority) {
  const colon = authority.lastIndexOf(':');
  if (colon < 0) return authority;
  for (let i = colon + 1; i < authority.length; i += 1) {
    const code = authority.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return authority; // e.g. the colons of "[::1]"
  }
  return authority.slice(0, colon);
}

// Right-to-left scripts: Hebrew, Arabic, Syriac, Thaana, NKo and their neighbours up to U+08FF,
// the Hebrew and Arabic presentation forms, and the right-to-left blocks outside the BMP.
function isRightToLeft(code) {
  return (code >= 0x0590 && code <= 0x08ff) || (code >= 0xfb1d && code <= 0xfdff)
    || (code >= 0xfe70 && code <= 0xfefc) || (code >= 0x10800 && code <= 0x10fff)
    || (code >= 0x1e800 && code <= 0x1efff);
}

const LETTER = /^\p{L}$/u;

// The explicit embeddings, overrides and isolates (U+202A–202E, U+2066–2069): each opens a new
// level for the bidi algorithm, so they count as a change of direction too.
function isBidiControl(code) {
  return (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/// `null` for text the window can lay out as written; `'ltr'` or `'rtl'` (whichever direction
/// most of its letters have) when it changes direction more than MAX_DIRECTION_CHANGES times,
/// so the caller shows it in that one direction instead.
export function flatDirection(text, meter) {
  let changes = 0;
  let rtl = 0;
  let ltr = 0;
  let previous = 0; // 1 left-to-right, -1 right-to-left, 0 none yet
  let i = 0;
  while (i < text.length) {
    if (meter) meter.steps += 1;
    const code = text.codePointAt(i);
    i += code > 0xffff ? 2 : 1;
    let strong = 0;
    if (isRightToLeft(code)) strong = -1;
    else if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) strong = 1;
    else if (code >= 0xc0 && LETTER.test(String.fromCodePoint(code))) strong = 1;
    else if (isBidiControl(code)) changes += 1;
    if (strong === 0) continue;
    if (strong === 1) ltr += 1; else rtl += 1;
    if (previous !== 0 && strong !== previous) changes += 1;
    previous = strong;
  }
  if (changes <= MAX_DIRECTION_CHANGES) return null;
  return rtl > ltr ? 'rtl' : 'ltr';
}
