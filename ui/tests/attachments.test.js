import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countLabel, fileKind, fileLabel, humanSize } from '../attachments.js';

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
  assert.equal(fileKind('application/pdf', 'x'), 'PDF');
  assert.equal(fileKind(null, 'scan.PDF'), 'PDF');
  assert.equal(fileKind('image/jpeg', 'photo.jpg'), 'Image');
  assert.equal(fileKind('text/plain; charset=utf-8', 'notes'), 'Text');
  assert.equal(fileKind(null, null), 'File');
  assert.equal(fileKind('application/x-weird', 'blob.bin'), 'File');
});

test('the header counts files', () => {
  assert.equal(countLabel(0), '');
  assert.equal(countLabel(1), '1 file');
  assert.equal(countLabel(3), '3 files');
});
