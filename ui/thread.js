import { el, clear, byId } from './dom.js';
import { channelLabel, contactLabel, initials, localTime, statusLabel } from './format.js';
import { linkify } from './links.js';
import { cssToken } from './list.js';

function senderLabel(message, conversation) {
  if (message.speaker === 'caller') return 'Caller';
  if (message.speaker === 'ai') return 'AI';
  switch (message.author) {
    case 'customer': return message.senderName || message.fromAddress || contactLabel(conversation);
    case 'ai': return message.senderName || 'AI';
    case 'system': return message.senderName || 'System';
    default: return message.senderName || 'Team';
  }
}

function side(message) {
  return message.author === 'customer' ? 'inbound' : 'outbound';
}

/// Renders a thread oldest first. Bodies go through linkify, which only ever creates text nodes
/// and checked http(s) anchors.
export function renderThread(conversation, messages, pending = []) {
  const list = byId('messages');
  const fragment = document.createDocumentFragment();
  for (const message of messages) {
    fragment.append(messageItem(message, conversation));
  }
  for (const reply of pending) {
    fragment.append(el('li', {
      className: 'message outbound pending',
      attrs: { 'data-pending': 'true' },
    }, [
      el('div', { className: 'message-head' }, [
        el('span', { className: 'sender', text: 'You' }),
        el('span', { className: 'muted', text: reply.failed ? 'Not sent' : 'Sending…' }),
      ]),
      el('div', { className: 'message-body' }, linkify(reply.content)),
    ]));
  }
  clear(list);
  list.append(fragment);
  list.lastElementChild?.scrollIntoView({ block: 'end' });
}

function messageItem(message, conversation) {
  const channel = message.channel ? channelLabel(message.channel) : channelLabel(conversation.channelType);
  return el('li', {
    className: `message ${side(message)} author-${cssToken(message.author)}`,
    dataset: { id: message.id },
  }, [
    el('div', { className: 'message-head' }, [
      el('span', { className: 'sender', text: senderLabel(message, conversation) }),
      el('span', { className: 'muted', text: `${channel} · ` }),
      el('time', { className: 'muted', text: localTime(message.sentAt), attrs: { datetime: message.sentAt } }),
    ]),
    el('div', { className: 'message-body' }, linkify(message.body)),
  ]);
}

export function renderThreadHeader(conversation, showWorkspace) {
  const name = contactLabel(conversation);
  byId('thread-avatar').textContent = initials(name);
  byId('thread-contact').textContent = name;
  const meta = [channelLabel(conversation.channelType)];
  if (conversation.channelName) meta.push(conversation.channelName);
  if (conversation.contactEmail && conversation.contactName) meta.push(conversation.contactEmail);
  if (showWorkspace && conversation.workspaceName) meta.push(conversation.workspaceName);
  byId('thread-meta').textContent = meta.join(' · ');
  const chip = byId('thread-status');
  chip.textContent = statusLabel(conversation.status) + (conversation.humanManaged ? ' · Human' : ' · AI');
  chip.className = `chip status-${cssToken(conversation.status)}`;
  const resolved = conversation.status === 'resolved';
  byId('take-over-button').hidden = conversation.humanManaged === true || resolved;
  byId('release-button').hidden = conversation.humanManaged !== true;
  byId('resolve-button').hidden = resolved;
}
