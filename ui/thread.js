import { el, clear, byId } from './dom.js';
import { channelLabel, contactLabel, initials, localTime, statusDetail, statusGroup, statusLabel } from './format.js';
import { linkify } from './links.js';
import { cssToken } from './list.js';

function senderLabel(message, conversation) {
  if (message.speaker === 'caller') return 'Caller';
  if (message.speaker === 'ai') return 'AI';
  switch (message.author) {
    case 'customer': return message.senderName || message.fromAddress || contactLabel(conversation);
    case 'ai': return message.senderName ? `${message.senderName} · AI` : 'AI';
    case 'system': return message.senderName || 'System';
    default: return message.senderName || 'Team';
  }
}

function side(message) {
  return message.author === 'customer' ? 'inbound' : 'outbound';
}

// Long threads show only their newest messages and grow a page at a time on request, so a
// 5,000-message thread costs the window what a short one does.
const PAGE = 100;
let shown = { conversationId: null, count: PAGE };

/// Renders a thread oldest first. Bodies go through linkify, which only ever creates text nodes
/// and checked http(s) anchors in bidi isolates, caps stacked combining marks, and does work
/// linear in the body's length, so no body (up to 256 KiB) can stall the window.
export function renderThread(conversation, messages, pending = []) {
  draw(conversation, messages, pending);
  byId('messages').lastElementChild?.scrollIntoView({ block: 'end' });
}

function draw(conversation, messages, pending) {
  if (shown.conversationId !== conversation.id) shown = { conversationId: conversation.id, count: PAGE };
  const list = byId('messages');
  const hidden = Math.max(0, messages.length - shown.count);
  const fragment = document.createDocumentFragment();
  if (hidden > 0) fragment.append(earlierButton(hidden, () => showEarlier(conversation, messages, pending)));
  for (const message of messages.slice(hidden)) {
    fragment.append(messageItem(message, conversation));
  }
  for (const reply of pending) {
    fragment.append(el('li', {
      className: 'message outbound pending',
      attrs: { 'data-pending': 'true' },
    }, [
      el('div', { className: 'message-head' }, [
        el('span', { className: 'sender', text: 'You' }),
        el('span', { className: 'muted', text: reply.failed ? 'Not sent' : reply.checking ? 'Checking whether it arrived…' : 'Sending…' }),
      ]),
      el('div', { className: 'message-body' }, linkify(reply.content)),
    ]));
  }
  clear(list);
  list.append(fragment);
}

function earlierButton(hidden, onClick) {
  const label = `Show earlier messages (${hidden} more)`;
  return el('li', { className: 'earlier' }, [
    el('button', { className: 'secondary', text: label, attrs: { type: 'button' }, on: { click: onClick } }),
  ]);
}

/// Keeps the message the reader was looking at in place while older ones are added above it.
function showEarlier(conversation, messages, pending) {
  const list = byId('messages');
  const fromBottom = list.scrollHeight - list.scrollTop;
  shown.count += PAGE;
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
    el('div', { className: 'message-body' }, linkify(message.body)),
  ]);
}

export function renderThreadHeader(conversation, showWorkspace) {
  const name = contactLabel(conversation);
  byId('thread-avatar').textContent = initials(name);
  byId('thread-contact').textContent = name;
  const meta = conversation.channelType ? [channelLabel(conversation.channelType)] : [];
  if (conversation.channelName) meta.push(conversation.channelName);
  if (conversation.contactEmail && conversation.contactName) meta.push(conversation.contactEmail);
  if (showWorkspace && conversation.workspaceName) meta.push(conversation.workspaceName);
  byId('thread-meta').textContent = meta.join(' · ');
  const chip = byId('thread-status');
  const manager = { true: ' · Human', false: ' · AI' }[conversation.humanManaged] ?? '';
  chip.textContent = statusLabel(conversation.status) + manager;
  chip.className = `chip status-${cssToken(statusGroup(conversation.status) ?? conversation.status)}`;
  chip.title = statusDetail(conversation.status);
  const resolved = statusGroup(conversation.status) === 'resolved';
  byId('take-over-button').hidden = conversation.humanManaged === true || resolved;
  byId('release-button').hidden = conversation.humanManaged !== true;
  byId('resolve-button').hidden = resolved;
}
