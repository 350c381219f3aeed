// @ts-check
import { el, byId, reconcile } from './dom.js';
import { label } from './text.js';
import { sameRow } from './sync-merge.js';
import { channelIcon, channelLabel, contactLabel, initials, relativeTime, statusDetail, statusGroup, statusLabel } from './format.js';

const NEAR_END_PX = 400;

/** @typedef {import('./types.js').ConversationView} ConversationView */

/// The conversation list: renders rows from data, keyed by id so a change rebuilds only the
/// rows it touched, keeps selection by id, and asks for more when the sentinel at its end
/// scrolls into view.
export class ConversationList {
  /**
   * @param {object} hooks
   * @param {(id: string) => void} hooks.onOpen a row was clicked
   * @param {() => void} hooks.onNeedMore the end of the list scrolled near
   * @param {() => boolean} hooks.showWorkspace whether rows name their workspace
   */
  constructor({ onOpen, onNeedMore, showWorkspace }) {
    this.list = byId('conversation-list');
    this.state = byId('list-state');
    /** @type {ConversationView[]} */
    this.items = [];
    /** @type {Map<string, { item: ConversationView, node: HTMLElement }>} */
    this.rows = new Map();
    /** @type {string | null} */
    this.selectedId = null;
    this.onOpen = onOpen;
    this.showWorkspace = showWorkspace;
    this.list.addEventListener('click', (event) => {
      const row = event.target instanceof Element ? /** @type {HTMLElement | null} */ (event.target.closest('li[data-id]')) : null;
      if (row) {
        const id = /** @type {string} */ (row.dataset.id);
        this.select(id);
        this.onOpen(id);
      }
    });
    new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onNeedMore();
    }, { root: byId('list-scroller'), rootMargin: `${NEAR_END_PX}px` }).observe(byId('list-sentinel'));
  }

  /// The observer only reports changes: a load that finishes with the end still in view (the
  /// user scrolled on meanwhile, or the window is tall) must be followed by the next page.
  endIsNear() {
    const scroller = byId('list-scroller');
    if (scroller.clientHeight === 0) return false;
    const end = byId('list-sentinel').getBoundingClientRect().top;
    return end < scroller.getBoundingClientRect().bottom + NEAR_END_PX;
  }

  /// Shows `items`; rows whose data did not change keep their nodes, so a sync change costs
  /// what it changed and the scroll position stays where the reader left it.
  /** @param {ConversationView[]} items */
  setItems(items) {
    this.items = items;
    this.render();
  }

  /// A new filter: every row is new, none is worth comparing.
  reset() {
    this.rows.clear();
    this.list.replaceChildren();
    this.setItems([]);
  }

  /** @param {string | null} id */
  get(id) {
    return this.items.find((c) => c.id === id) ?? null;
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
    const index = this.items.findIndex((c) => c.id === id);
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

  /// Adds a further page below the rows already shown; only the new rows are built, so scrolling
  /// deep into a large inbox costs the same per page.
  /** @param {ConversationView[]} items */
  append(items) {
    const known = new Set(this.items.map((c) => c.id));
    const fresh = items.filter((c) => !known.has(c.id));
    this.items.push(...fresh);
    const fragment = document.createDocumentFragment();
    for (const conversation of fresh) {
      const node = this.row(conversation);
      this.rows.set(conversation.id, { item: conversation, node });
      fragment.append(node);
    }
    this.list.append(fragment);
  }

  render() {
    reconcile(this.list, this.rows, this.items, {
      key: (/** @type {ConversationView} */ c) => c.id,
      build: (/** @type {ConversationView} */ c) => this.row(c),
      // Selection is drawn on the node in place (select()), so it is not part of the data.
      same: sameRow,
    });
    this.list.setAttribute('aria-activedescendant', this.selectedId ? `conversation-${this.selectedId}` : '');
  }

  /** @param {ConversationView} c */
  row(c) {
    const name = contactLabel(c);
    const selected = c.id === this.selectedId;
    const meta = [statusLabel(c.status)];
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
          c.unread ? el('span', { className: 'unread-dot', attrs: { 'aria-label': 'Unread', role: 'img' } }) : null,
          el('time', { className: 'conversation-time', text: relativeTime(c.lastMessageAt), attrs: c.lastMessageAt ? { datetime: c.lastMessageAt } : {} }),
        ]),
        el('div', { className: 'conversation-preview', text: label(c.lastMessagePreview) }),
        el('div', { className: 'conversation-meta' }, [
          el('img', { className: 'channel-icon', attrs: { src: channelIcon(c.channelType), alt: channelLabel(c.channelType), width: 14, height: 14 } }),
          el('span', { className: `chip status-${cssToken(statusGroup(c.status) ?? c.status)}`, text: meta.join(' · '), attrs: { title: statusDetail(c.status) } }),
        ]),
      ]),
    ]);
  }

  /** @param {string | null} id */
  select(id) {
    this.selectedId = id;
    for (const row of /** @type {HTMLCollectionOf<HTMLElement>} */ (this.list.children)) {
      const on = row.dataset.id === id;
      row.classList.toggle('selected', on);
      row.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) row.scrollIntoView({ block: 'nearest' });
    }
    this.list.setAttribute('aria-activedescendant', id ? `conversation-${id}` : '');
  }

  /// Moves the selection by `delta` rows; returns the newly selected id.
  /** @param {number} delta */
  move(delta) {
    if (this.items.length === 0) return null;
    const index = this.items.findIndex((c) => c.id === this.selectedId);
    const next = index < 0 ? 0 : Math.max(0, Math.min(this.items.length - 1, index + delta));
    this.select(this.items[next].id);
    return this.items[next].id;
  }
}

/// Status values come from the server; only a safe token of them may become a class name.
/** @param {unknown} value */
export function cssToken(value) {
  return String(value).toLowerCase().replace(/[^a-z0-9_-]/gu, '');
}
