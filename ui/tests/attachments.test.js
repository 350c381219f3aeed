import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLabel, fileKind, fileKindLabel, fileLabel, humanSize, previewUrl, savingLabel } from '../attachments.js';

test('file names lose control and bidi characters and are capped', () => {
  assert.equal(fileLabel('invoice.pdf'), 'invoice.pdf');
  assert.equal(fileLabel('evil\u202efdp.exe'), 'evilfdp.exe');
  assert.equal(fileLabel('a\u0007b\u200b\u2066c\u2028.txt'), 'abc.txt');
  assert.equal(fileLabel(null), 'Unnamed file');
  assert.equal(fileLabel('\u202e\u0000'), 'Unnamed file');
  const long = fileLabel('x'.repeat(100_000));
  assert.ok(long.length <= 201, String(long.length));
  assert.ok(long.endsWith('…'));
});

test('sizes read as people write them, unknown as nothing', () => {
  assert.equal(humanSize(0), '0 B');
  assert.equal(humanSize(999), '999 B');
  assert.equal(humanSize(1500), '1.5 KB');
  assert.equal(humanSize(245_760), '246 KB');
  assert.equal(humanSize(3_200_000), '3.2 MB');
  assert.equal(humanSize(null), '');
  assert.equal(humanSize(-1), '');
  assert.equal(humanSize(Number.NaN), '');
});

test('the type label comes from the content type, else the extension', () => {
  assert.equal(fileKind('application/pdf', 'x'), 'pdf');
  assert.equal(fileKind(null, 'scan.PDF'), 'pdf');
  assert.equal(fileKind('image/jpeg', 'photo.jpg'), 'image');
  assert.equal(fileKind('text/plain; charset=utf-8', 'notes'), 'text');
  assert.equal(fileKind(null, null), 'file');
  assert.equal(fileKind('application/x-weird', 'blob.bin'), 'file');
  assert.equal(fileKindLabel('pdf'), 'PDF');
  assert.equal(fileKindLabel('image'), 'Image');
});

test('the header counts files', () => {
  assert.equal(countLabel(0), '');
  assert.equal(countLabel(1), '1 file');
  assert.equal(countLabel(3), '3 files');
});

test('a preview is asked of the app, by an id that cannot leave its path', () => {
  assert.equal(previewUrl('a1b2', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit'), 'preview://localhost/a1b2');
  assert.equal(previewUrl('a/../b?c#d', 'Linux'), 'preview://localhost/a%2F..%2Fb%3Fc%23d');
  assert.equal(previewUrl('a1b2', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120'), 'http://preview.localhost/a1b2');
});

test('saving shows a percentage when the size is known, else the bytes so far', () => {
  assert.equal(savingLabel(0, 1000), 'Saving… 0%');
  assert.equal(savingLabel(399, 1000), 'Saving… 39%');
  assert.equal(savingLabel(5000, 1000), 'Saving… 100%');
  assert.equal(savingLabel(0, null), 'Saving…');
  assert.equal(savingLabel(1_500_000, null), 'Saving… 1.5 MB');
  assert.equal(savingLabel(10, 0), 'Saving… 10 B');
});
