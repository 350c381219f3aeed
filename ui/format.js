import { label } from './text.js';

const CHANNEL_LABELS = { email: 'Email', chat: 'Chat', whatsapp: 'WhatsApp', voice: 'Voice' };

export function channelLabel(type) {
  return CHANNEL_LABELS[type] ?? (type ? String(type) : 'Unknown channel');
}

export function channelIcon(type) {
  return CHANNEL_LABELS[type] ? `icons/${type}.svg` : 'icons/channel.svg';
}

const STATUS_LABELS = {
  open: 'Open',
  in_progress: 'In progress',
  awaiting_contact: 'Awaiting contact',
  resolved: 'Resolved',
  closed: 'Closed',
  abandoned: 'Abandoned',
  new: 'New',
  active: 'Active',
  human_managed: 'Human-managed',
  waiting: 'Waiting',
};

// oHallo's material uses three status vocabularies (the list filter's, the single
// conversation's, the dashboard's); badges show the dashboard's three groups for all of them.
const STATUS_GROUPS = {
  open: 'open',
  new: 'open',
  in_progress: 'in_progress',
  active: 'in_progress',
  human_managed: 'in_progress',
  awaiting_contact: 'in_progress',
  waiting: 'in_progress',
  resolved: 'resolved',
  closed: 'resolved',
  abandoned: 'resolved',
};
const GROUP_LABELS = { open: 'Open', in_progress: 'In progress', resolved: 'Resolved' };

function normalStatus(status) {
  return String(status ?? '').trim().toLowerCase().replace(/[\s-]/gu, '_');
}

/// The dashboard group of any status: `open`, `in_progress` or `resolved`; `null` for a value
/// no vocabulary knows.
export function statusGroup(status) {
  return STATUS_GROUPS[normalStatus(status)] ?? null;
}

/// What a badge says: the group, or an unknown status as it came.
export function statusLabel(status) {
  const group = statusGroup(status);
  return group ? GROUP_LABELS[group] : String(status ?? '');
}

/// The status in its own words, for a tooltip beside the group.
export function statusDetail(status) {
  return STATUS_LABELS[normalStatus(status)] ?? String(status ?? '');
}

// What each documented kind of attention item means, in the agent's words.
const ATTENTION_KINDS = {
  validation_failed: 'The AI’s reply failed its checks',
  human_requested: 'The customer asked for a person',
  escalation: 'The AI escalated this conversation',
};

/// The heading of an attention item; a kind the docs do not name is shown as it comes.
export function attentionTitle(kind) {
  return ATTENTION_KINDS[kind] ?? `Needs a human: ${label(String(kind ?? 'unknown reason'))}`;
}

export function contactLabel(conversation) {
  return label(conversation.contactName || conversation.contactEmail || 'Unknown contact');
}

export function initials(name) {
  const words = String(name).trim().split(/[\s@._-]+/u).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'narrow' });

export function relativeTime(iso, now = Date.now()) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 7) return relative.format(Math.round(seconds / 86400), 'day');
  return new Date(then).toLocaleDateString(undefined, { day: 'numeric', month: 'short' });
}

export function localTime(iso) {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return '';
  return then.toLocaleString(undefined, {
    day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
  });
}
