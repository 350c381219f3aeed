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

export function statusLabel(status) {
  return STATUS_LABELS[status] ?? String(status);
}

export function contactLabel(conversation) {
  return conversation.contactName || conversation.contactEmail || 'Unknown contact';
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
