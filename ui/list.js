// @ts-check
import { byId } from './dom.js';
import { ConversationRow } from './list-row.js';
import {
  CACHE_LIMIT, PREFETCH, keepsData, moveIndex, pageRows, renderedIndexes, scrollToShow, setSize, visibleRange,
} from './list-window.js';
import { mergeFirstPage, reuseHeld } from './sync-merge.js';

const NEAR_END_PX = 400;
// Until a real row is measured: the height ui/styles.css gives every row (--row-height).
const ROW_HEIGHT_GUESS = 84;

/** @typedef {import('./types.js').ConversationView} ConversationView */
/** @typedef {import('./types.js').ConversationPage} ConversationPage */

/// The conversation list, virtual: every loaded conversation has its place (the list is as tall
/// as all of them at one fixed row height), but only the rows in view, a margin around them and
/// the selected row exist in the DOM, so a deep scroll costs what one screen costs. The rows are
/// a pool, about a screenful, refilled for whatever scrolls into view (ui/list-row.js says why);
/// a conversation still in view keeps its row, so a change writes only what it touched;
/// selection is kept by id; the sentinel at its end asks for more when it scrolls near.
/// Every loaded conversation keeps its id and place, but only those near the view (and the
/// first few) keep their data: the rest is let go and asked for again, by the cursor of the page
/// it came in, when it nears the view, so memory does not grow with how far the list was read.
export class ConversationList {
  /**
   * @param {object} hooks
   * @param {(id: string) => void} hooks.onOpen a row was clicked
   * @param {() => void} hooks.onNeedMore the end of the list scrolled near
   * @param {(cursor: string | null) => void} hooks.onNeedPage rows near the view lack the
   *   data the list let go; `cursor` asks for the page they came in
   * @param {() => boolean} hooks.showWorkspace whether rows name their workspace
   * @param {(c: ConversationView) => string | null} hooks.accountName the signed-in account a row
   *   names, when several share the list
   */
  constructor({ onOpen, onNeedMore, onNeedPage, showWorkspace, accountName }) {
    this.list = byId('conversation-list');
    this.scroller = byId('list-scroller');
    this.state = byId('list-state');
    /** @type {string[]} every loaded conversation, in the list's order */
    this.ids = [];
    /** @type {Map<string, number>} id → index in ids */
    this.positions = new Map();
    /** @type {Map<string, ConversationView>} the data of the rows near the view and the first */
    this.cache = new Map();
    /** @type {Map<string, string | null>} id → the cursor its page was asked with */
    this.origin = new Map();
    /** @type {Map<string, ConversationRow>} the rows in the DOM, by the id each shows */
    this.rows = new Map();
    /** @type {ConversationRow[]} rows out of the DOM, to be filled again */
    this.spare = [];
    /** @type {string | null} */
    this.selectedId = null;
    // Whether further pages exist (the set's size is unknown meanwhile).
    this.more = false;
    // End was pressed while further pages existed: follow the pages in to the last row.
    this.endWanted = false;
    this.rowHeight = ROW_HEIGHT_GUESS;
    this.measured = false;
    // What the last render showed, to skip a scroll that changes nothing.
    this.shown = { version: -1, start: 0, end: 0, selected: -1 };
    /** @type {string | null} what aria-activedescendant says */
    this.active = null;
    this.version = 0;
    this.onOpen = onOpen;
    this.onNeedMore = onNeedMore;
    this.onNeedPage = onNeedPage;
    this.showWorkspace = showWorkspace;
    this.accountName = accountName;
    /** Conversations with open attention items, marked in their rows. @type {Set<string>} */
    this.needsHuman = new Set();
    this.list.addEventListener('click', (event) => {
      const row = event.target instanceof Element ? /** @type {HTMLElement | null} */ (event.target.closest('li[data-id]')) : null;
      if (row) {
        const id = /** @type {string} */ (row.dataset.id);
        this.select(id);
        this.onOpen(id);
      }
    });
    // The listbox's own keys (arrows, j/k and Enter are the window's: ui/keyboard.js).
    this.list.addEventListener('keydown', (event) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.target !== this.list) return;
      const page = pageRows(this.scroller.clientHeight, this.rowHeight);
      switch (event.key) {
        case 'Home': this.first(); break;
        case 'End': this.last(); break;
        case 'PageDown': this.move(page); break;
        case 'PageUp': this.move(-page); break;
        default: return;
      }
      event.preventDefault();
    });
    this.scroller.addEventListener('scroll', () => this.render(), { passive: true });
    // A list first laid out while hidden (or a window resized) has another view to fill.
    new ResizeObserver(() => this.render()).observe(this.scroller);
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onNeedMore();
    }, { root: this.scroller, rootMargin: `${NEAR_END_PX}px` }).observe(byId('list-sentinel'));
  }

  /// The observer only reports changes: a load that finishes with the end still in view (the
  /// user scrolled on meanwhile, or the window is tall) must be followed by the next page.
  endIsNear() {
    if (this.scroller.clientHeight === 0) return false;
    const end = byId('list-sentinel').getBoundingClientRect().top;
    return end < this.scroller.getBoundingClientRect().bottom + NEAR_END_PX;
  }

  /// A fresh first page: the whole list, as a new filter starts it.
  /** @param {ConversationPage} page */
  show(page) {
    this.cache = new Map(page.data.map((c) => [c.id, c]));
    this.origin = new Map(page.data.map((c) => [c.id, null]));
    this.setOrder(page.data.map((c) => c.id));
  }

  /// The first page read again after the sync engine saw changes, merged in (sync-merge.js).
  /**
   * @param {ConversationPage} page
   * @param {import('./types.js').Filter} filter
   */
  merge(page, filter) {
    // Every change brings the first page again. Holding its copies of unchanged rows, seconds
    // old by the next change and so past JavaScriptCore's young generation, leaves the ones they
    // replace for its rare full collections: the strings JSON.parse made for such pages were the
    // largest part of what a shown window's web process kept (heaptrack, 5 minutes of news).
    const held = (/** @type {string} */ id) => this.cache.get(id);
    const data = reuseHeld(page.data, held);
    const order = mergeFirstPage(this.ids, { ...page, data }, filter, held);
    for (const c of data) {
      this.cache.set(c.id, c);
      this.origin.set(c.id, null);
    }
    this.setOrder(order);
  }

  /// Takes `id` out of the list.
  /** @param {string} id */
  remove(id) {
    this.cache.delete(id);
    this.origin.delete(id);
    this.setOrder(this.ids.filter((other) => other !== id));
  }

  /// Shows the rows in `ids`' order; rows whose data did not change keep their nodes, so a sync
  /// change costs what it changed. A reader scrolled down stays at the row they were reading,
  /// even when rows above it moved (a conversation with news goes to the top).
  /** @param {string[]} ids */
  setOrder(ids) {
    const anchor = this.anchor();
    this.ids = ids;
    this.reindex();
    this.list.style.height = `${ids.length * this.rowHeight}px`;
    if (anchor) {
      const index = this.positions.get(anchor.id);
      if (index !== undefined) this.scroller.scrollTop = this.list.offsetTop + index * this.rowHeight + anchor.offset;
    }
    this.render();
  }

  /// The first row at the top of the view and how far it is scrolled past, when the reader has
  /// scrolled at all (one at the top wants to see what arrives there).
  anchor() {
    const top = this.scroller.scrollTop - this.list.offsetTop;
    if (top <= 0 || this.ids.length === 0) return null;
    const index = Math.min(this.ids.length - 1, Math.floor(top / this.rowHeight));
    return { id: this.ids[index], offset: top - index * this.rowHeight };
  }

  /// Also lets go of what is kept of rows no longer listed.
  reindex() {
    this.version++;
    this.positions = new Map(this.ids.map((id, i) => [id, i]));
    if (this.origin.size > this.ids.length) this.origin = new Map(this.ids.map((id) => [id, this.origin.get(id) ?? null]));
    if (this.cache.size > this.ids.length) this.cache = keepListed(this.cache, this.positions);
  }

  get count() {
    return this.ids.length;
  }

  /// The conversations whose data the list holds (the palette searches these).
  cached() {
    return this.cache.values();
  }

  /// A new filter: every row is new, none is worth comparing, and the list starts at its top.
  reset() {
    for (const row of this.rows.values()) this.retire(row);
    this.rows.clear();
    this.more = false;
    this.endWanted = false;
    this.cache = new Map();
    this.origin = new Map();
    this.setOrder([]);
    this.scroller.scrollTop = 0;
  }

  /// Whether further pages exist: rows say the set's size is unknown (-1) until none do.
  /** @param {boolean} more */
  setMore(more) {
    if (more === this.more) return;
    this.more = more;
    if (!more && this.endWanted) {
      this.endWanted = false;
      this.last();
    }
    this.shown.version = -1;
    this.render();
  }

  /// The conversation's data, if the list holds it.
  /** @param {string | null} id */
  get(id) {
    return (id === null ? undefined : this.cache.get(id)) ?? null;
  }

  /// Whether `id` has a place in the list, with its data or without.
  /** @param {string} id */
  has(id) {
    return this.positions.has(id);
  }

  /** @param {string | null} id */
  indexOf(id) {
    return (id === null ? undefined : this.positions.get(id)) ?? -1;
  }

  /**
   * @param {string} id
   * @param {Partial<ConversationView>} change
   */
  update(id, change) {
    const c = this.cache.get(id);
    if (!c) return;
    this.cache.set(id, { ...c, ...change });
    this.version++;
    this.render();
  }

  /// The row after `id` (or before it, for the last), for where the selection goes next.
  /** @param {string} id */
  neighbour(id) {
    const index = this.indexOf(id);
    if (index < 0) return null;
    return this.ids[index + 1] ?? this.ids[index - 1] ?? null;
  }

  /**
   * @param {string} text
   * @param {string} [kind]
   */
  setState(text, kind = 'info') {
    this.state.textContent = text;
    this.state.dataset.kind = kind;
    this.state.hidden = !text;
  }

  /// Adds a further page below the rows already loaded; rows are built only if they come into
  /// view, so scrolling deep into a large inbox costs the same per page.
  /**
   * @param {ConversationView[]} items
   * @param {string} cursor what the page was asked with
   */
  append(items, cursor) {
    for (const conversation of items) {
      if (!this.positions.has(conversation.id)) {
        this.positions.set(conversation.id, this.ids.length);
        this.ids.push(conversation.id);
        this.origin.set(conversation.id, cursor);
      }
      this.cache.set(conversation.id, conversation);
    }
    this.version++;
    this.list.style.height = `${this.ids.length * this.rowHeight}px`;
    if (this.endWanted) this.toBottom();
    this.render();
  }

  /// Shows the end of what is loaded, so the sentinel stays in reach and the next page follows.
  toBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /// A page asked for again (`cursor`) is in: its rows get their data back. Answers the ids of
  /// that page that it no longer held.
  /**
   * @param {ConversationView[]} items
   * @param {string | null} cursor
   * @returns {string[]}
   */
  refill(items, cursor) {
    for (const conversation of items) {
      if (this.positions.has(conversation.id)) this.cache.set(conversation.id, conversation);
    }
    /** @type {string[]} */
    const missing = [];
    for (const [id, from] of this.origin) {
      if (from === cursor && !this.cache.has(id)) missing.push(id);
    }
    this.version++;
    this.render();
    return missing;
  }

  /// Rows the server no longer lists where they were: they leave the list.
  /** @param {string[]} ids */
  forget(ids) {
    if (ids.length === 0) return;
    const gone = new Set(ids);
    for (const id of ids) this.origin.delete(id);
    this.setOrder(this.ids.filter((id) => !gone.has(id)));
  }

  /// Brings the DOM to the rows the view needs: those in view and a margin, and the selected.
  render() {
    const count = this.ids.length;
    const rowHeight = this.rowHeight;
    const range = visibleRange({
      scrollTop: this.scroller.scrollTop - this.list.offsetTop, height: this.scroller.clientHeight, rowHeight, count,
    });
    const selected = this.indexOf(this.selectedId);
    const shown = this.shown;
    if (shown.version === this.version && shown.start === range.start && shown.end === range.end && shown.selected === selected) return;
    shown.version = this.version;
    shown.start = range.start;
    shown.end = range.end;
    shown.selected = selected;
    const indexes = renderedIndexes(range, selected, count);
    // A row still showing a wanted conversation keeps it; the others go back to the pool. The
    // map is made anew each render: entries deleted from a long-lived Map outlived the young
    // generation in JavaScriptCore and piled up in the old one (6 MiB a walk to the top).
    const wanted = new Set();
    for (const index of indexes) wanted.add(this.ids[index]);
    for (const [id, row] of this.rows) {
      if (!wanted.has(id)) this.spare.push(row);
    }
    /** @type {Map<string, ConversationRow>} */
    const rows = new Map();
    /** @type {import('./list-row.js').RowView} */
    const view = {
      rowHeight, selected, size: String(setSize(count, this.more)), needsHuman: this.needsHuman, showWorkspace: this.showWorkspace(),
      accountName: this.accountName,
    };
    for (const index of indexes) {
      const id = this.ids[index];
      const row = this.rows.get(id) ?? this.spare.pop() ?? new ConversationRow();
      const item = this.cache.get(id);
      if (item) row.fill(item, index, view);
      else row.placeholder(id, index, view);
      rows.set(id, row);
    }
    this.rows = rows;
    for (const row of this.spare) this.retire(row);
    // In the order of the list, for a screen reader walking the options; moving a node is cheap.
    let cursor = this.list.firstElementChild;
    for (const { node } of rows.values()) {
      if (cursor && node === cursor) cursor = cursor.nextElementSibling;
      else this.list.insertBefore(node, cursor);
    }
    const active = selected >= 0 ? this.selectedId : null;
    if (active !== this.active) {
      this.active = active;
      this.list.setAttribute('aria-activedescendant', active === null ? '' : `conversation-${active}`);
    }
    if (!this.measured) this.measure();
    this.keepNear(range);
  }

  /// Asks again for the pages of rows near the view that lack their data, and lets go of the
  /// data of far rows once the list holds more than its limit.
  /** @param {{ start: number, end: number }} range */
  keepNear({ start, end }) {
    const ids = this.ids;
    // A page is some 50 rows in a row, so every tenth row finds each page that lacks data.
    for (let index = Math.max(0, start - PREFETCH); index < Math.min(ids.length, end + PREFETCH); index += 10) {
      if (!this.cache.has(ids[index])) this.onNeedPage(this.origin.get(ids[index]) ?? null);
    }
    for (let index = start; index < end; index++) {
      if (!this.cache.has(ids[index])) this.onNeedPage(this.origin.get(ids[index]) ?? null);
    }
    if (this.cache.size <= CACHE_LIMIT) return;
    const center = Math.floor((start + end) / 2);
    /** @type {Map<string, ConversationView>} */
    const kept = new Map();
    for (const [id, c] of this.cache) {
      const index = this.positions.get(id);
      // A row merged in from a fresh first page has no page of its own to be asked for again
      // by: news may have carried it anywhere since, so it keeps its data.
      if (index !== undefined && (keepsData(index, center) || id === this.selectedId || this.origin.get(id) === null)) {
        kept.set(id, c);
      }
    }
    this.cache = kept;
  }

  /// The row height, measured once from a real row (the CSS fixes it; zoom or a user style may
  /// not agree with the guess).
  measure() {
    const first = /** @type {HTMLElement | null} */ (this.list.firstElementChild);
    const height = first?.offsetHeight ?? 0;
    if (height <= 0) return;
    this.measured = true;
    if (height === this.rowHeight) return;
    this.rowHeight = height;
    this.list.style.height = `${this.ids.length * height}px`;
    this.shown.version = -1;
    this.render();
  }

  /// A row out of view leaves the DOM and waits in the pool.
  /** @param {ConversationRow} row */
  retire(row) {
    if (row.node.parentNode) row.node.remove();
    if (!this.spare.includes(row)) this.spare.push(row);
  }

  /// The engine read which conversations need a human: their rows are drawn again.
  /** @param {string[]} ids */
  setNeedsHuman(ids) {
    this.needsHuman = new Set(ids);
    this.shown.version = -1;
    this.render();
  }

  /// Selects `id`, scrolls it into view and makes sure its row exists. Selecting ends a pending
  /// End.
  /** @param {string | null} id */
  select(id) {
    this.endWanted = false;
    this.selectedId = id;
    const index = this.indexOf(id);
    if (index >= 0) {
      const top = this.scroller.scrollTop - this.list.offsetTop;
      const want = scrollToShow(index, top, this.scroller.clientHeight, this.rowHeight);
      if (want !== top) this.scroller.scrollTop = this.list.offsetTop + want;
    }
    this.render();
    for (const [rowId, row] of this.rows) row.setSelected(rowId === id);
  }

  /// Moves the selection by `delta` rows; returns the newly selected id.
  /** @param {number} delta */
  move(delta) {
    const next = moveIndex(this.indexOf(this.selectedId), delta, this.ids.length);
    if (next < 0) return null;
    this.select(this.ids[next]);
    return this.ids[next];
  }

  first() {
    if (this.ids.length > 0) this.select(this.ids[0]);
  }

  /// Selects the last row. While further pages exist, the view goes to the end of what is
  /// loaded and stays there as pages come in one after another (the sentinel stays in reach);
  /// once none is left, the last row is selected. The selection does not move meanwhile, so a
  /// screen reader is not told of every page's last row.
  last() {
    if (this.ids.length === 0) return;
    if (!this.more) {
      this.select(this.ids[this.ids.length - 1]);
      return;
    }
    this.endWanted = true;
    this.toBottom();
    this.render();
    this.onNeedMore();
  }
}

/**
 * The entries of `cache` whose ids are still listed, in a new map: entries deleted from a
 * long-lived Map outlive JavaScriptCore's young generation (see render).
 * @template T
 * @param {Map<string, T>} cache
 * @param {ReadonlyMap<string, number>} positions
 */
function keepListed(cache, positions) {
  /** @type {Map<string, T>} */
  const kept = new Map();
  for (const [id, value] of cache) if (positions.has(id)) kept.set(id, value);
  return kept;
}
