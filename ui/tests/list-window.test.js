import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CACHE_AROUND, CACHE_LIMIT, CACHE_TOP, OVERSCAN, keepsData, moveIndex, pageRows, posInSet, renderedIndexes, scrollToShow, setSize, visibleRange } from '../list-window.js';

const view = { height: 400, rowHeight: 80, overscan: 2 };

test('at the top, the rows in view and the margin below are rendered', () => {
  assert.deepEqual(visibleRange({ ...view, scrollTop: 0, count: 10_000 }), { start: 0, end: 7 });
});

test('deep in the list, the window is the rows in view and a margin on each side', () => {
  // 800 px down: rows 10 to 14 are in view (400 / 80), 2 more each side.
  assert.deepEqual(visibleRange({ ...view, scrollTop: 800, count: 10_000 }), { start: 8, end: 17 });
  // A row scrolled half into view counts as in view.
  assert.deepEqual(visibleRange({ ...view, scrollTop: 840, count: 10_000 }), { start: 8, end: 18 });
});

test('the window stays within the loaded rows', () => {
  assert.deepEqual(visibleRange({ ...view, scrollTop: 799_600, count: 10_000 }), { start: 9993, end: 10_000 });
  assert.deepEqual(visibleRange({ ...view, scrollTop: 5000, count: 3 }), { start: 3, end: 3 });
  assert.deepEqual(visibleRange({ ...view, scrollTop: 0, count: 3 }), { start: 0, end: 3 });
  assert.deepEqual(visibleRange({ ...view, scrollTop: -50, count: 100 }), { start: 0, end: 7 });
});

test('no rows, or no height measured yet, render nothing', () => {
  assert.deepEqual(visibleRange({ ...view, scrollTop: 0, count: 0 }), { start: 0, end: 0 });
  assert.deepEqual(visibleRange({ ...view, rowHeight: 0, scrollTop: 0, count: 50 }), { start: 0, end: 0 });
});

test('a hidden list (no height yet) still renders the margin, never the whole list', () => {
  assert.deepEqual(visibleRange({ scrollTop: 0, height: 0, rowHeight: 84, count: 10_000 }), { start: 0, end: OVERSCAN });
});

test('the window is bounded whatever the count', () => {
  for (const scrollTop of [0, 1234, 80_000, 799_999]) {
    const { start, end } = visibleRange({ ...view, scrollTop, count: 10_000 });
    assert.ok(end - start <= Math.ceil(view.height / view.rowHeight) + 1 + 2 * view.overscan, `${scrollTop}: ${start}..${end}`);
  }
});

test('the selected row is rendered even outside the window, in order', () => {
  const range = { start: 10, end: 14 };
  assert.deepEqual(renderedIndexes(range, 12, 100), [10, 11, 12, 13]);
  assert.deepEqual(renderedIndexes(range, 3, 100), [3, 10, 11, 12, 13]);
  assert.deepEqual(renderedIndexes(range, 99, 100), [10, 11, 12, 13, 99]);
  assert.deepEqual(renderedIndexes(range, -1, 100), [10, 11, 12, 13]);
  assert.deepEqual(renderedIndexes(range, 14, 100), [10, 11, 12, 13, 14]);
  assert.deepEqual(renderedIndexes(range, 100, 100), [10, 11, 12, 13], 'an index past the list is no row');
});

test('a row is scrolled into view as little as it takes', () => {
  assert.equal(scrollToShow(5, 0, 400, 80), 80, 'below the view: its bottom meets the bottom');
  assert.equal(scrollToShow(2, 800, 400, 80), 160, 'above the view: its top meets the top');
  assert.equal(scrollToShow(11, 800, 400, 80), 800, 'in view: nothing moves');
  assert.equal(scrollToShow(9999, 0, 400, 80), 799_600, 'the last of 10,000');
  assert.equal(scrollToShow(0, 0, 40, 80), 0, 'a view lower than a row keeps the row top');
});

test('aria-posinset counts from 1; aria-setsize is -1 while more pages exist', () => {
  assert.equal(posInSet(0), 1);
  assert.equal(posInSet(9999), 10_000);
  assert.equal(setSize(150, true), -1);
  assert.equal(setSize(10_000, false), 10_000);
});

test('moves stay in the list, and start at the first row', () => {
  assert.equal(moveIndex(-1, 1, 10), 0);
  assert.equal(moveIndex(-1, -1, 10), 0);
  assert.equal(moveIndex(3, 1, 10), 4);
  assert.equal(moveIndex(0, -1, 10), 0);
  assert.equal(moveIndex(9, 1, 10), 9);
  assert.equal(moveIndex(5, 100, 10), 9);
  assert.equal(moveIndex(5, -100, 10), 0);
  assert.equal(moveIndex(0, 1, 0), -1);
});

test('a page key moves the rows in view less one', () => {
  assert.equal(pageRows(400, 80), 4);
  assert.equal(pageRows(50, 80), 1);
  assert.equal(pageRows(400, 0), 1);
});

test('the list keeps the data of the first rows and of those near the view, and no more', () => {
  assert.ok(keepsData(0, 5000), 'the first rows, wherever the view is');
  assert.ok(keepsData(CACHE_TOP - 1, 5000));
  assert.ok(!keepsData(CACHE_TOP, 5000));
  assert.ok(keepsData(5000 - CACHE_AROUND, 5000) && keepsData(5000 + CACHE_AROUND, 5000));
  assert.ok(!keepsData(5000 - CACHE_AROUND - 1, 5000) && !keepsData(5000 + CACHE_AROUND + 1, 5000));
  const kept = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => keepsData(i, 9_999));
  assert.ok(kept.length < CACHE_LIMIT, `at the end of 10,000 rows ${kept.length} keep their data`);
});
