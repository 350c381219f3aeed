// @ts-check
import { el } from './dom.js';
import { label } from './text.js';
import { sameRow } from './sync-merge.js';
import { posInSet } from './list-window.js';
import { channelIcon, channelLabel, contactLabel, cssToken, initials, relativeTime, statusDetail, statusGroup, statusLabel } from './format.js';
import { language, t } from './i18n.js';

/** @typedef {import('./types.js').ConversationView} ConversationView */

/**
 * What the rows of one render share besides each conversation's own data.
 * @typedef {object} RowView
 * @property {number} rowHeight every row's height, in CSS pixels
 * @property {string} size aria-setsize
 * @property {number} selected the selected row's index, or -1
 * @property {ReadonlySet<string>} needsHuman conversations with open attention items
 * @property {boolean} showWorkspace rows name their workspace
 * @property {(c: ConversationView) => string | null} accountName the signed-in account a row
 *   names, when several share the list
 */

/// One row of the virtual conversation list: its elements are built once and filled again for
/// whichever conversation scrolls into its place. Building a row's dozen elements anew for every
/// row that scrolled into view left the web process growing while a long list was scrolled, so
/// the list keeps a pool of these, about a screenful. A row remembers what it wrote and writes
/// only what differs, and the texts a status or channel gives are made once: the garbage a
/// scroll leaves is what lets JavaScriptCore's heap grow (it collects after some 32 MiB).
export class ConversationRow {
  constructor() {
    this.avatar = new TextSlot('div', 'avatar');
    this.avatar.node.setAttribute('aria-hidden', 'true');
    this.name = new TextSlot('span', 'conversation-name');
    this.unreadDot = el('span', { className: 'unread-dot', attrs: { role: 'img' } });
    this.unreadDot.hidden = true;
    this.time = new TextSlot('time', 'conversation-time');
    this.preview = new TextSlot('div', 'conversation-preview');
    this.icon = el('img', { className: 'channel-icon', attrs: { width: 14, height: 14 } });
    this.chip = new TextSlot('span', 'chip');
    this.needsHuman = new TextSlot('span', 'chip needs-human');
    this.needsHuman.node.hidden = true;
    this.node = el('li', { className: 'conversation', attrs: { role: 'option', 'aria-selected': 'false' } }, [
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
    /** @type {string | null} */
    this.account = null;
    // What was last written, so a fill compares in JavaScript instead of reading the DOM.
    this.index = -1;
    this.rowHeight = 0;
    this.size = '';
    this.selected = false;
    this.needsHumanShown = false;
    /** @type {StatusTexts | null} */
    this.status = null;
    /** @type {ChannelTexts | null} */
    this.channel = null;
    /** @type {string | null} */
    this.datetime = null;
    this.unreadLabel = '';
    // Showing a placeholder (ConversationRow.placeholder).
    this.busy = false;
  }

  /// Shows `c` at `index`; what is already shown is not written again.
  /**
   * @param {ConversationView} c
   * @param {number} index
   * @param {RowView} view
   */
  fill(c, index, view) {
    const old = this.item;
    const account = view.accountName(c);
    if (old === null || old.id !== c.id || !sameRow(old, c) || this.showsWorkspace !== view.showWorkspace
      || this.account !== account) {
      this.content(c, view.showWorkspace, account);
    }
    this.item = c;
    this.showsWorkspace = view.showWorkspace;
    this.account = account;
    this.place(index, view);
    const needsHuman = view.needsHuman.has(c.id);
    if (needsHuman !== this.needsHumanShown) {
      this.needsHumanShown = needsHuman;
      this.needsHuman.node.hidden = !needsHuman;
      this.needsHuman.set(needsHuman ? t('attention.heading') : '');
    }
  }

  /// Holds `id`'s place while its data is asked for again (the list let it go): blank, and
  /// busy for a screen reader, until a fill writes it whole.
  /**
   * @param {string} id
   * @param {number} index
   * @param {RowView} view
   */
  placeholder(id, index, view) {
    this.item = null;
    if (!this.busy) {
      this.busy = true;
      for (const slot of [this.avatar, this.name, this.time, this.preview, this.chip]) slot.set('');
      this.unreadDot.hidden = true;
      this.node.classList.remove('unread');
      this.icon.removeAttribute('src');
      this.icon.setAttribute('alt', '');
      this.channel = null;
      this.datetime = null;
      this.time.node.removeAttribute('datetime');
      this.needsHumanShown = false;
      this.needsHuman.node.hidden = true;
      this.node.setAttribute('aria-busy', 'true');
    }
    this.identify(id);
    this.place(index, view);
  }

  /** @param {string} id */
  identify(id) {
    if (this.node.dataset.id === id) return;
    this.node.id = `conversation-${id}`;
    this.node.dataset.id = id;
  }

  /**
   * @param {number} index
   * @param {RowView} view
   */
  place(index, view) {
    if (index !== this.index || view.rowHeight !== this.rowHeight) {
      this.index = index;
      this.rowHeight = view.rowHeight;
      this.node.style.top = `${index * view.rowHeight}px`;
      this.node.setAttribute('aria-posinset', String(posInSet(index)));
    }
    if (view.size !== this.size) {
      this.size = view.size;
      this.node.setAttribute('aria-setsize', view.size);
    }
    this.setSelected(index === view.selected);
  }

  /**
   * @param {ConversationView} c
   * @param {boolean} showWorkspace
   * @param {string | null} account
   */
  content(c, showWorkspace, account) {
    const node = this.node;
    if (this.busy) {
      this.busy = false;
      node.removeAttribute('aria-busy');
    }
    this.identify(c.id);
    const unread = Boolean(c.unread);
    if (unread !== !this.unreadDot.hidden) {
      node.classList.toggle('unread', unread);
      this.unreadDot.hidden = !unread;
    }
    const unreadLabel = unreadText();
    if (unreadLabel !== this.unreadLabel) {
      this.unreadLabel = unreadLabel;
      this.unreadDot.setAttribute('aria-label', unreadLabel);
    }
    const name = contactLabel(c);
    if (name !== this.name.value) {
      this.name.set(name);
      this.avatar.set(initials(name));
    }
    this.time.set(relativeTime(c.lastMessageAt));
    const datetime = c.lastMessageAt || null;
    if (datetime !== this.datetime) {
      this.datetime = datetime;
      if (datetime === null) this.time.node.removeAttribute('datetime');
      else this.time.node.setAttribute('datetime', datetime);
    }
    this.preview.set(label(c.lastMessagePreview));
    const channel = channelTexts(c.channelType);
    if (channel !== this.channel) {
      this.channel = channel;
      this.icon.setAttribute('src', channel.icon);
      this.icon.setAttribute('alt', channel.label);
    }
    const status = statusTexts(c.status);
    if (status !== this.status) {
      this.status = status;
      this.chip.node.className = status.chipClass;
      this.chip.node.setAttribute('title', status.detail);
    }
    let chip = status.label;
    if (account) chip += ` · ${label(account)}`;
    if (showWorkspace && c.workspaceName) chip += ` · ${label(c.workspaceName)}`;
    this.chip.set(chip);
  }

  /** @param {boolean} on */
  setSelected(on) {
    if (on === this.selected) return;
    this.selected = on;
    this.node.classList.toggle('selected', on);
    this.node.setAttribute('aria-selected', on ? 'true' : 'false');
  }
}

/// An element holding one Text node, whose data is replaced when the text changes (setting
/// textContent would make a new node every time).
class TextSlot {
  /**
   * @param {string} tag
   * @param {string} className
   */
  constructor(tag, className) {
    this.text = document.createTextNode('');
    this.node = el(tag, { className }, [this.text]);
    this.value = '';
  }

  /** @param {string} value */
  set(value) {
    if (value === this.value) return;
    this.value = value;
    this.text.data = value;
  }
}

/** @typedef {{ label: string, detail: string, chipClass: string }} StatusTexts */
/** @typedef {{ icon: string, label: string }} ChannelTexts */

/// Statuses and channels come from the server: a few values, but nothing bounds them, so
/// neither does this memo grow past a bound.
const MEMO_BOUND = 64;

/** The texts of the few statuses and channels, made once per language. */
const texts = {
  language: '',
  unread: '',
  /** @type {Map<unknown, StatusTexts>} */
  statuses: new Map(),
  /** @type {Map<unknown, ChannelTexts>} */
  channels: new Map(),
};

function sameLanguage() {
  if (texts.language === language()) return;
  texts.language = language();
  texts.unread = t('list.unread');
  texts.statuses.clear();
  texts.channels.clear();
}

/** @param {ConversationView['status']} status */
function statusTexts(status) {
  sameLanguage();
  let known = texts.statuses.get(status);
  if (!known) {
    known = {
      label: statusLabel(status),
      detail: statusDetail(status),
      chipClass: `chip status-${cssToken(statusGroup(status) ?? status)}`,
    };
    if (texts.statuses.size >= MEMO_BOUND) texts.statuses.clear();
    texts.statuses.set(status, known);
  }
  return known;
}

/** @param {ConversationView['channelType']} type */
function channelTexts(type) {
  sameLanguage();
  let known = texts.channels.get(type);
  if (!known) {
    known = { icon: channelIcon(type), label: channelLabel(type) };
    if (texts.channels.size >= MEMO_BOUND) texts.channels.clear();
    texts.channels.set(type, known);
  }
  return known;
}

function unreadText() {
  sameLanguage();
  return texts.unread;
}
