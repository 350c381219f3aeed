import { el, byId, reconcile } from './dom.js';
import { arrivals, sameMessage } from './sync-merge.js';
import { channelLabel, contactLabel, cssToken, initials, localTime, statusDetail, statusGroup, statusLabel } from './format.js';
import { messageBody } from './links.js';
import { label } from './text.js';
import { t } from './i18n.js';

function senderLabel(message, conversation) {
  return label(sender(message, conversation));
}

function sender(message, conversation) {
  if (message.speaker === 'caller') return t('sender.caller');
  if (message.speaker === 'ai') return t('sender.ai');
  switch (message.author) {
    case 'customer': return message.senderName || message.fromAddress || contactLabel(conversation);
    case 'ai': return message.senderName ? `${message.senderName} · ${t('sender.ai')}` : t('sender.ai');
    case 'system': return message.senderName || t('sender.system');
    default: return message.senderName || t('sender.team');
  }
}

function side(message) {
  return message.author === 'customer' ? 'inbound' : 'outbound';
}

// Long threads show only their newest messages and grow a page at a time on request, so a
// 5,000-message thread costs the window what a short one does.
const PAGE = 100;
// Within this of the end, the reader counts as at the bottom and new messages keep them there.
const BOTTOM_SLACK_PX = 24;

/** @typedef {import('./types.js').ConversationView} ConversationView */
/** @typedef {import('./types.js').Message} Message */
/** @typedef {{ content: string, checking?: boolean }} PendingReply */

/** Each message's files (ui/attachments.js), set once by the thread pane. */
let files = null;

export function useFiles(threadFiles) {
  files = threadFiles;
}

/** What is drawn now, kept so a refresh only touches the messages that changed. */
let view = fresh(null);

/// Whether the reader is at the end, as their last scroll left them. Measured at render time it
/// would be wrong whenever the thread grew without a scroll: files listed under a message, the
/// customer panel narrowing the thread so lines wrap. `follow` keeps such a reader at the end.
let atEnd = true;
/** @type {ResizeObserver | null} */
let follow = null;

function nearEnd(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight <= BOTTOM_SLACK_PX;
}

function toEnd(list) {
  list.lastElementChild?.scrollIntoView({ block: 'end' });
  atEnd = true;
}

/// A message grows when its files are listed under it; the list's own box does not.
/** @param {HTMLElement} node */
function observed(node) {
  follow?.observe(node);
  return node;
}

/** @param {HTMLElement} list */
function watch(list) {
  if (follow) return;
  follow = new ResizeObserver(() => { if (atEnd && !nearEnd(list)) toEnd(list); });
  follow.observe(list);
  list.addEventListener('scroll', () => {
    atEnd = nearEnd(list);
    if (atEnd) showNewMessages(false);
  }, { passive: true });
}

function fresh(conversationId) {
  return {
    conversationId,
    count: PAGE,
    /** @type {Map<string, { item: any, node: HTMLElement }>} */
    nodes: new Map(),
    /** @type {Set<string>} */
    known: new Set(),
    last: { conversation: null, messages: [], pending: [] },
  };
}

/// Renders a thread oldest first, building only new or changed messages. Bodies go through
/// messageBody, which only ever creates text nodes and checked http(s) anchors in bidi isolates,
/// caps stacked combining marks, links and direction changes, and does work linear in the body's
/// length, so no body (up to 256 KiB) can stall the window. A reader at the bottom stays there as messages arrive; one
/// who scrolled up stays where they are. `stick` brings the end into view regardless.
export function renderThread(conversation, messages, pending = [], { stick = false } = {}) {
  const list = byId('messages');
  watch(list);
  const opening = view.conversationId !== conversation.id;
  if (opening) {
    view = fresh(conversation.id);
    clear(list);
  }
  const arrived = opening ? [] : arrivals(view.known, messages);
  // Sliding the page's start while the reader looks further up would pull the text under them.
  if (!atEnd) view.count += arrived.length;
  draw(conversation, messages, pending);
  if (opening || stick || atEnd) toEnd(list);
  else if (arrived.length > 0) showNewMessages(true);
  const fromCustomer = arrived.filter((m) => m.author === 'customer');
  if (fromCustomer.length > 0) announce(t('thread.newMessageFrom', { name: senderLabel(fromCustomer[fromCustomer.length - 1], conversation) }));
}

/// A reader scrolled up is told of new messages by a button that takes them down to them; it
/// goes once they are at the bottom, however they got there.
/** @param {boolean} shown */
function showNewMessages(shown) {
  const pill = byId('new-messages');
  if (pill.hidden === !shown) return;
  pill.hidden = !shown;
  if (!shown || pill.dataset.wired) return;
  pill.dataset.wired = 'true';
  pill.addEventListener('click', () => {
    toEnd(byId('messages'));
    showNewMessages(false);
  });
}

/// The thread went away (closed, signed out): the next render starts afresh.
export function forgetThread() {
  showNewMessages(false);
  view = fresh(null);
  clear(byId('messages'));
}

/** @param {HTMLElement} list */
function clear(list) {
  list.replaceChildren();
  follow?.disconnect();
  follow?.observe(list);
}

function draw(conversation, messages, pending) {
  view.last = { conversation, messages, pending };
  view.known = new Set(messages.map((m) => m.id));
  const hidden = Math.max(0, messages.length - view.count);
  const entries = [];
  if (hidden > 0) entries.push({ key: 'earlier', hidden });
  for (const message of messages.slice(hidden)) entries.push({ key: `m:${message.id}`, message });
  pending.forEach((reply, i) => entries.push({ key: `p:${i}`, reply }));
  reconcile(byId('messages'), view.nodes, entries, {
    key: (entry) => entry.key,
    build: (entry) => observed(entry.message ? messageItem(entry.message, conversation)
      : entry.reply ? pendingItem(entry.reply) : earlierButton(entry.hidden)),
    same: (a, b) => (a.message ? sameMessage(a.message, b.message)
      : a.reply ? a.reply.content === b.reply.content && state(a.reply) === state(b.reply)
        : a.hidden === b.hidden),
  });
}

/// Text only, into the polite live region; emptied first so the same words are said again.
function announce(text) {
  const live = byId('thread-live');
  live.textContent = '';
  setTimeout(() => { live.textContent = text; }, 100);
}

function state(reply) {
  return t(reply.checking ? 'thread.checkingArrival' : 'common.sending');
}

function pendingItem(reply) {
  return el('li', {
    className: 'message outbound pending',
    attrs: { 'data-pending': 'true' },
  }, [
    el('div', { className: 'message-head' }, [
      el('span', { className: 'sender', text: t('sender.you') }),
      el('span', { className: 'muted', text: state(reply) }),
    ]),
    ...messageBody(reply.content),
  ]);
}

function earlierButton(hidden) {
  const label = t('thread.showEarlier', { count: hidden });
  return el('li', { className: 'earlier' }, [
    el('button', { className: 'secondary', text: label, attrs: { type: 'button' }, on: { click: showEarlier } }),
  ]);
}

/// Keeps the message the reader was looking at in place while older ones are added above it.
function showEarlier() {
  const list = byId('messages');
  const fromBottom = list.scrollHeight - list.scrollTop;
  view.count += PAGE;
  const { conversation, messages, pending } = view.last;
  draw(conversation, messages, pending);
  list.scrollTop = list.scrollHeight - fromBottom;
}

function messageItem(message, conversation) {
  // A key without channels:read, under the reference schema, knows no channel at all.
  const channelType = message.channel ?? conversation.channelType;
  const channel = channelType ? `${channelLabel(channelType)} · ` : '';
  return el('li', {
    className: `message ${side(message)} author-${cssToken(message.author)}`,
    dataset: { id: message.id },
  }, [
    el('div', { className: 'message-head' }, [
      el('span', { className: 'sender', text: senderLabel(message, conversation) }),
      el('span', { className: 'muted', text: channel }),
      el('time', { className: 'muted', text: localTime(message.sentAt), attrs: { datetime: message.sentAt } }),
    ]),
    ...messageBody(message.body),
    files?.slotFor(message.id),
  ]);
}

/**
 * @param {import('./types.js').ConversationView} conversation
 * @param {boolean} showWorkspace
 * @param {string | null} accountName the signed-in account it belongs to, when there are several
 */
export function renderThreadHeader(conversation, showWorkspace, accountName = null) {
  const name = contactLabel(conversation);
  byId('thread-avatar').textContent = initials(name);
  byId('thread-contact').textContent = name;
  const meta = accountName ? [label(accountName)] : [];
  if (conversation.channelType) meta.push(channelLabel(conversation.channelType));
  if (conversation.channelName) meta.push(label(conversation.channelName));
  if (conversation.contactEmail && conversation.contactName) meta.push(label(conversation.contactEmail));
  if (showWorkspace && conversation.workspaceName) meta.push(label(conversation.workspaceName));
  byId('thread-meta').textContent = meta.join(' · ');
  const chip = byId('thread-status');
  const manager = { true: ` · ${t('thread.managedByHuman')}`, false: ` · ${t('sender.ai')}` }[conversation.humanManaged] ?? '';
  chip.textContent = statusLabel(conversation.status) + manager;
  chip.className = `chip status-${cssToken(statusGroup(conversation.status) ?? conversation.status)}`;
  chip.title = statusDetail(conversation.status);
  const resolved = statusGroup(conversation.status) === 'resolved';
  byId('take-over-button').hidden = conversation.humanManaged === true || resolved;
  byId('release-button').hidden = conversation.humanManaged !== true;
  byId('resolve-button').hidden = resolved;
  byId('approve-button').hidden = resolved;
}
