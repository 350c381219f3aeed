// @ts-check
// The conversation list's windowing as pure functions: which rows of a long list exist in the
// DOM for a scroll position, where the selected one goes, what ARIA says of their position. No
// DOM, so node tests them directly.

/**
 * @typedef {object} Viewport
 * @property {number} scrollTop the scroller's scrollTop, less the list's own offset in it
 * @property {number} height the scroller's visible height
 * @property {number} rowHeight every row's height, in CSS pixels
 * @property {number} count rows loaded
 * @property {number} [overscan] rows rendered beyond each edge of the view
 */

/** Rows rendered beyond each edge of the view, so a scroll of a few rows shows no gap. */
export const OVERSCAN = 8;

/** Rows either side of the view whose data the list keeps; farther ones keep their id and
 * place only, and their page is asked for again when they come back near the view. */
export const CACHE_AROUND = 300;
/** The first rows keep their data wherever the view is: news lands there, and a notification
 * opens what is there. */
export const CACHE_TOP = 100;
/** Rows beyond each edge of the view whose data is asked for before they scroll in. */
export const PREFETCH = 60;
/** How many rows' data the list holds before it lets the far ones go: the kept rows and some
 * slack, so letting go happens once per few hundred rows scrolled, not every frame. */
export const CACHE_LIMIT = CACHE_TOP + 2 * CACHE_AROUND + 200;

/**
 * Whether the row at `index` keeps its data with the view centred on row `center`.
 * @param {number} index
 * @param {number} center
 */
export function keepsData(index, center) {
  return index < CACHE_TOP || Math.abs(index - center) <= CACHE_AROUND;
}

/**
 * The rows in view plus `overscan` on either side, as a half-open range of indexes.
 * @param {Viewport} viewport
 * @returns {{ start: number, end: number }}
 */
export function visibleRange({ scrollTop, height, rowHeight, count, overscan = OVERSCAN }) {
  if (count <= 0 || !(rowHeight > 0)) return { start: 0, end: 0 };
  const top = Math.max(0, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, height)) / rowHeight);
  const start = clamp(first - overscan, 0, count);
  const end = clamp(last + overscan, start, count);
  return { start, end };
}

/**
 * The indexes to render, ascending: the range, and the selected row even outside it (so
 * aria-activedescendant always names an element that exists).
 * @param {{ start: number, end: number }} range
 * @param {number} selected the selected row's index, or -1
 * @param {number} count
 * @returns {number[]}
 */
export function renderedIndexes({ start, end }, selected, count) {
  const indexes = [];
  const withSelected = selected >= 0 && selected < count && (selected < start || selected >= end);
  if (withSelected && selected < start) indexes.push(selected);
  for (let i = start; i < end; i++) indexes.push(i);
  if (withSelected && selected >= end) indexes.push(selected);
  return indexes;
}

/**
 * The scrollTop that shows row `index` whole, moving as little as it can (as scrollIntoView's
 * `block: 'nearest'`); `scrollTop` as it is when the row is already in view.
 * @param {number} index
 * @param {number} scrollTop
 * @param {number} height
 * @param {number} rowHeight
 * @returns {number}
 */
export function scrollToShow(index, scrollTop, height, rowHeight) {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  // A view lower than a row shows the row's top.
  if (bottom > scrollTop + height) return Math.min(top, Math.max(0, bottom - height));
  return scrollTop;
}

/**
 * aria-posinset: ARIA counts from 1.
 * @param {number} index
 */
export function posInSet(index) {
  return index + 1;
}

/**
 * aria-setsize: the loaded count once the list is whole, -1 (ARIA's "unknown") while further
 * pages exist.
 * @param {number} count
 * @param {boolean} more
 */
export function setSize(count, more) {
  return more ? -1 : count;
}

/**
 * Rows a page key (PageUp/PageDown) moves: the whole rows in view, less one kept for context.
 * @param {number} height
 * @param {number} rowHeight
 */
export function pageRows(height, rowHeight) {
  if (!(rowHeight > 0)) return 1;
  return Math.max(1, Math.floor(height / rowHeight) - 1);
}

/**
 * Where `index` goes after moving by `delta`, kept within the list; -1 for an empty list. From
 * no selection (-1) a move lands on the first row.
 * @param {number} index
 * @param {number} delta
 * @param {number} count
 */
export function moveIndex(index, delta, count) {
  if (count <= 0) return -1;
  if (index < 0) return 0;
  return clamp(index + delta, 0, count - 1);
}

/**
 * @param {number} value
 * @param {number} low
 * @param {number} high
 */
function clamp(value, low, high) {
  return Math.min(high, Math.max(low, value));
}
