// @ts-check
import { el } from './dom.js';
import { label } from './text.js';
import { sameRow } from './sync-merge.js';
import { posInSet } from './list-window.js';
import { channelIcon, channelLabel, contactLabel, cssToken, initials, relativeTime, statusDetail, statusGroup, statusLabel } from './format.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').ConversationView} ConversationView */

/**
 * What a row shows besides its conversation's own data.
 * @typedef {object} RowView
 * @property {number} index the conversation's place in the list
 * @property {number} rowHeight every row's height, in CSS pixels
 * @property {string} size aria-setsize
 * @property {boolean} selected
 * @property {boolean} needsHuman the conversation has open attention items
 * @property {boolean} showWorkspace rows name their workspace
 */

/// One row of the virtual conversation list: its elements are built once and filled again for
/// whichever conversation scrolls into its place. Building a row's dozen elements anew for every
/// row that scrolled into view left the web process growing while a long list was scrolled, so
/// the list keeps a pool of these, about a screenful, and a fill writes only what differs.
export class ConversationRow {
  constructor() {
    this.avatar = textSlot('div', 'avatar');
    this.avatar.node.setAttribute('aria-hidden', 'true');
    this.name = textSlot('span', 'conversation-name');
    this.unreadDot = el('span', { className: 'unread-dot', attrs: { role: 'img' } });
    this.time = textSlot('time', 'conversation-time');
    this.preview = textSlot('div', 'conversation-preview');
    this.icon = el('img', { className: 'channel-icon', attrs: { width: 14, height: 14 } });
    this.chip = textSlot('span', 'chip');
    this.needsHuman = textSlot('span', 'chip needs-human');
    this.node = el('li', { className: 'conversation', attrs: { role: 'option' } }, [
      this.avatar.node,
      el('div', { className: 'conversation-main' }, [
        el('div', { className: 'conversation-top' }, [this.name.node, this.unreadDot, this.time.node]),
        this.preview.node,
        el('div', { className: 'conversation-meta' }, [this.icon, this.chip.node, this.needsHuman.node]),
      ]),
    ]);
    /** @type {ConversationView | null} what the row shows */
    this.item = null;
    this.showsWorkspace = false;
  }

  /// Shows `c` at its place; what is already shown is not written again.
  /**
   * @param {ConversationView} c
   * @param {RowView} view
   */
  fill(c, view) {
    if (this.item === null || this.item.id !== c.id || !sameRow(this.item, c) || this.showsWorkspace !== view.showWorkspace) {
      this.content(c, view.showWorkspace);
    }
    this.item = c;
    this.showsWorkspace = view.showWorkspace;
    const node = this.node;
    setStyleTop(node, `${view.index * view.rowHeight}px`);
    setAttr(node, 'aria-posinset', String(posInSet(view.index)));
    setAttr(node, 'aria-setsize', view.size);
    this.setSelected(view.selected);
    this.needsHuman.node.hidden = !view.needsHuman;
    setData(this.needsHuman.text, view.needsHuman ? t('attention.heading') : '');
  }

  /**
   * @param {ConversationView} c
   * @param {boolean} showWorkspace
   */
  content(c, showWorkspace) {
    const node = this.node;
    setAttr(node, 'id', `conversation-${c.id}`);
    if (node.dataset.id !== c.id) node.dataset.id = c.id;
    node.classList.toggle('unread', Boolean(c.unread));
    const name = contactLabel(c);
    setData(this.avatar.text, initials(name));
    setData(this.name.text, name);
    this.unreadDot.hidden = !c.unread;
    setAttr(this.unreadDot, 'aria-label', t('list.unread'));
    setData(this.time.text, relativeTime(c.lastMessageAt));
    setAttr(this.time.node, 'datetime', c.lastMessageAt || null);
    setData(this.preview.text, label(c.lastMessagePreview));
    setAttr(this.icon, 'src', channelIcon(c.channelType));
    setAttr(this.icon, 'alt', channelLabel(c.channelType));
    const meta = [statusLabel(c.status)];
    if (showWorkspace && c.workspaceName) meta.push(label(c.workspaceName));
    setData(this.chip.text, meta.join(' · '));
    const chipClass = `chip status-${cssToken(statusGroup(c.status) ?? c.status)}`;
    if (this.chip.node.className !== chipClass) this.chip.node.className = chipClass;
    setAttr(this.chip.node, 'title', statusDetail(c.status));
  }

  /** @param {boolean} on */
  setSelected(on) {
    this.node.classList.toggle('selected', on);
    setAttr(this.node, 'aria-selected', on ? 'true' : 'false');
  }
}

/**
 * An element holding one Text node, whose data a fill replaces (setting textContent would
 * make a new node every time).
 * @param {string} tag
 * @param {string} className
 */
function textSlot(tag, className) {
  const text = document.createTextNode('');
  return { node: el(tag, { className }, [text]), text };
}

/**
 * @param {Text} text
 * @param {string} value
 */
function setData(text, value) {
  if (text.data !== value) text.data = value;
}

/**
 * Sets an attribute, or removes it for null, unless it already says so.
 * @param {Element} node
 * @param {string} name
 * @param {string | null} value
 */
function setAttr(node, name, value) {
  if (value === null) {
    if (node.hasAttribute(name)) node.removeAttribute(name);
  } else if (node.getAttribute(name) !== value) {
    node.setAttribute(name, value);
  }
}

/**
 * @param {HTMLElement} node
 * @param {string} top
 */
function setStyleTop(node, top) {
  if (node.style.top !== top) node.style.top = top;
}
