// @ts-check
import { el, byId, reconcile } from './dom.js';
import { label } from './text.js';
import { sameRow } from './sync-merge.js';
import { moveIndex, pageRows, posInSet, renderedIndexes, scrollToShow, setSize, visibleRange } from './list-window.js';
import { channelIcon, channelLabel, contactLabel, initials, relativeTime, statusDetail, statusGroup, statusLabel } from './format.js';
import { t } from './i18n.js';

const NEAR_END_PX = 400;
// Until a real row is measured: the height ui/styles.css gives every row (--row-height).
const ROW_HEIGHT_GUESS = 84;

/** @typedef {import('./types.js').ConversationView} ConversationView */

/// The conversation list, virtual: every loaded conversation has its place (the list is as tall
/// as all of them at one fixed row height), but only the rows in view, a margin around them and
/// the selected row exist in the DOM, so a deep scroll costs what one screen costs. Rows are
/// keyed by id, so a change rebuilds only the rows it touched; selection is kept by id; the
/// sentinel at its end asks for more when it scrolls near.
export class ConversationList {
  /**
   * @param {object} hooks
   * @param {(id: string) => void} hooks.onOpen a row was clicked
   * @param {() => void} hooks.onNeedMore the end of the list scrolled near
   * @param {() => boolean} hooks.showWorkspace whether rows name their workspace
   * @param {(c: ConversationView) => string | null} hooks.accountName the signed-in account a row
   *   names, when several share the list
   */
  constructor({ onOpen, onNeedMore, showWorkspace, accountName }) {
    this.list = byId('conversation-list');
    this.scroller = byId('list-scroller');
    this.state = byId('list-state');
    /** @type {ConversationView[]} */
    this.items = [];
    /** @type {Map<string, number>} id → index in items */
    this.positions = new Map();
    /** @type {Map<string, { item: ConversationView, node: HTMLElement }>} the rows in the DOM */
    this.rows = new Map();
    /** @type {string | null} */
    this.selectedId = null;
    // Whether further pages exist (the set's size is unknown meanwhile).
    this.more = false;
    // End was pressed while further pages existed: follow the pages in to the last row.
    this.endWanted = false;
    this.rowHeight = ROW_HEIGHT_GUESS;
    this.measured = false;
    /** @type {string} what the last render showed, to skip a scroll that changes nothing */
    this.shown = '';
    this.version = 0;
    this.onOpen = onOpen;
    this.onNeedMore = onNeedMore;
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

  /// Shows `items`; rows whose data did not change keep their nodes, so a sync change costs
  /// what it changed. A reader scrolled down stays at the row they were reading, even when rows
  /// above it moved (a conversation with news goes to the top).
  /** @param {ConversationView[]} items */
  setItems(items) {
    const anchor = this.anchor();
    this.items = items;
    this.reindex();
    this.list.style.height = `${items.length * this.rowHeight}px`;
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
    if (top <= 0 || this.items.length === 0) return null;
    const index = Math.min(this.items.length - 1, Math.floor(top / this.rowHeight));
    return { id: this.items[index].id, offset: top - index * this.rowHeight };
  }

  reindex() {
    this.version++;
    this.positions = new Map(this.items.map((c, i) => [c.id, i]));
  }

  /// A new filter: every row is new, none is worth comparing, and the list starts at its top.
  reset() {
    this.rows.clear();
    this.list.replaceChildren();
    this.more = false;
    this.endWanted = false;
    this.items = [];
    this.setItems([]);
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
    this.shown = '';
    this.render();
  }

  /** @param {string | null} id */
  get(id) {
    const index = id === null ? undefined : this.positions.get(id);
    return index === undefined ? null : this.items[index];
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
    this.setItems(this.items.map((c) => (c.id === id ? { ...c, ...change } : c)));
  }

  /// The row after `id` (or before it, for the last), for where the selection goes next.
  /** @param {string} id */
  neighbour(id) {
    const index = this.indexOf(id);
    if (index < 0) return null;
    return (this.items[index + 1] ?? this.items[index - 1])?.id ?? null;
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
  /** @param {ConversationView[]} items */
  append(items) {
    const fresh = items.filter((c) => !this.positions.has(c.id));
    for (const conversation of fresh) {
      this.positions.set(conversation.id, this.items.length);
      this.items.push(conversation);
    }
    this.version++;
    this.list.style.height = `${this.items.length * this.rowHeight}px`;
    if (this.endWanted) this.toBottom();
    this.render();
  }

  /// Shows the end of what is loaded, so the sentinel stays in reach and the next page follows.
  toBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
  }

  /// Brings the DOM to the rows the view needs: those in view and a margin, and the selected.
  render() {
    const count = this.items.length;
    const rowHeight = this.rowHeight;
    const range = visibleRange({
      scrollTop: this.scroller.scrollTop - this.list.offsetTop, height: this.scroller.clientHeight, rowHeight, count,
    });
    const selected = this.indexOf(this.selectedId);
    const key = `${this.version} ${range.start} ${range.end} ${selected}`;
    if (key === this.shown) return;
    this.shown = key;
    const indexes = renderedIndexes(range, selected, count);
    reconcile(this.list, this.rows, indexes.map((i) => this.items[i]), {
      key: (/** @type {ConversationView} */ c) => c.id,
      build: (/** @type {ConversationView} */ c) => this.row(c),
      // Selection is drawn on the node in place (select()), so it is not part of the data.
      same: sameRow,
    });
    const size = String(setSize(count, this.more));
    for (const i of indexes) {
      const entry = this.rows.get(this.items[i].id);
      if (entry) place(entry.node, i, rowHeight, size);
    }
    this.list.setAttribute('aria-activedescendant', selected >= 0 ? `conversation-${this.selectedId}` : '');
    if (!this.measured) this.measure();
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
    this.list.style.height = `${this.items.length * height}px`;
    this.shown = '';
    this.render();
  }

  /// The engine read which conversations need a human: their rows are drawn again.
  /** @param {string[]} ids */
  setNeedsHuman(ids) {
    const next = new Set(ids);
    for (const id of new Set([...this.needsHuman, ...next])) {
      if (this.needsHuman.has(id) === next.has(id)) continue;
      this.rows.get(id)?.node.remove();
      this.rows.delete(id);
    }
    this.needsHuman = next;
    this.shown = '';
    this.render();
  }

  /** @param {ConversationView} c */
  row(c) {
    const name = contactLabel(c);
    const selected = c.id === this.selectedId;
    const meta = [statusLabel(c.status)];
    const account = this.accountName(c);
    if (account) meta.push(label(account));
    if (this.showWorkspace() && c.workspaceName) meta.push(label(c.workspaceName));
    return el('li', {
      className: `conversation${c.unread ? ' unread' : ''}${selected ? ' selected' : ''}`,
      attrs: { role: 'option', 'aria-selected': selected ? 'true' : 'false', id: `conversation-${c.id}` },
      dataset: { id: c.id },
    }, [
      el('div', { className: 'avatar', text: initials(name), attrs: { 'aria-hidden': 'true' } }),
      el('div', { className: 'conversation-main' }, [
        el('div', { className: 'conversation-top' }, [
          el('span', { className: 'conversation-name', text: name }),
          c.unread ? el('span', { className: 'unread-dot', attrs: { 'aria-label': t('list.unread'), role: 'img' } }) : null,
          el('time', { className: 'conversation-time', text: relativeTime(c.lastMessageAt), attrs: c.lastMessageAt ? { datetime: c.lastMessageAt } : {} }),
        ]),
        el('div', { className: 'conversation-preview', text: label(c.lastMessagePreview) }),
        el('div', { className: 'conversation-meta' }, [
          el('img', { className: 'channel-icon', attrs: { src: channelIcon(c.channelType), alt: channelLabel(c.channelType), width: 14, height: 14 } }),
          el('span', { className: `chip status-${cssToken(statusGroup(c.status) ?? c.status)}`, text: meta.join(' · '), attrs: { title: statusDetail(c.status) } }),
          this.needsHuman.has(c.id) ? el('span', { className: 'chip needs-human', text: t('attention.heading') }) : null,
        ]),
      ]),
    ]);
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
    for (const { node } of this.rows.values()) {
      const on = node.dataset.id === id;
      node.classList.toggle('selected', on);
      node.setAttribute('aria-selected', on ? 'true' : 'false');
    }
  }

  /// Moves the selection by `delta` rows; returns the newly selected id.
  /** @param {number} delta */
  move(delta) {
    const next = moveIndex(this.indexOf(this.selectedId), delta, this.items.length);
    if (next < 0) return null;
    this.select(this.items[next].id);
    return this.items[next].id;
  }

  first() {
    if (this.items.length > 0) this.select(this.items[0].id);
  }

  /// Selects the last row. While further pages exist, the view goes to the end of what is
  /// loaded and stays there as pages come in one after another (the sentinel stays in reach);
  /// once none is left, the last row is selected. The selection does not move meanwhile, so a
  /// screen reader is not told of every page's last row.
  last() {
    if (this.items.length === 0) return;
    if (!this.more) {
      this.select(this.items[this.items.length - 1].id);
      return;
    }
    this.endWanted = true;
    this.toBottom();
    this.render();
    this.onNeedMore();
  }
}

/**
 * Puts a rendered row at its place in the list and says where it is in the set.
 * @param {HTMLElement} node
 * @param {number} index
 * @param {number} rowHeight
 * @param {string} size
 */
function place(node, index, rowHeight, size) {
  const top = `${index * rowHeight}px`;
  if (node.style.top !== top) node.style.top = top;
  const pos = String(posInSet(index));
  if (node.getAttribute('aria-posinset') !== pos) node.setAttribute('aria-posinset', pos);
  if (node.getAttribute('aria-setsize') !== size) node.setAttribute('aria-setsize', size);
}

/// Status values come from the server; only a safe token of them may become a class name.
/** @param {unknown} value */
export function cssToken(value) {
  return String(value).toLowerCase().replace(/[^a-z0-9_-]/gu, '');
}
