import { label } from './text.js';
import { locale, t } from './i18n.js';

const CHANNELS = new Set(['email', 'chat', 'whatsapp', 'voice']);

export function channelLabel(type) {
  if (type && CHANNELS.has(type)) return t(`channel.${type}`);
  return type ? String(type) : t('channel.unknown');
}

export function channelIcon(type) {
  return type && CHANNELS.has(type) ? `icons/${type}.svg` : 'icons/channel.svg';
}

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
  return group ? t(`status.${group}`) : String(status ?? '');
}

/// The status in its own words, for a tooltip beside the group.
export function statusDetail(status) {
  const normal = normalStatus(status);
  return Object.hasOwn(STATUS_GROUPS, normal) ? t(`status.${normal}`) : String(status ?? '');
}

// The documented kinds of attention item; the catalog says what each means, in the agent's words.
const ATTENTION_KINDS = new Set(['validation_failed', 'human_requested', 'escalation']);

/// The heading of an attention item; a kind the docs do not name is shown as it comes.
export function attentionTitle(kind) {
  if (ATTENTION_KINDS.has(kind)) return t(`attention.kind.${kind}`);
  return t('attention.kind.other', { kind: label(kind === null || kind === undefined ? t('attention.kind.unknown') : String(kind)) });
}

export function contactLabel(conversation) {
  return label(conversation.contactName || conversation.contactEmail || t('contact.unknown'));
}

export function initials(name) {
  const words = String(name).trim().split(/[\s@._-]+/u).filter(Boolean);
  const letters = words.slice(0, 2).map((w) => Array.from(w)[0] ?? '');
  return letters.join('').toUpperCase() || '?';
}

/** @type {Map<string, { locale: string, format: Intl.RelativeTimeFormat | Intl.DateTimeFormat }>} */
const formats = new Map();

/// One formatter per kind and language, not one per row: building one costs more than
/// formatting, and `toLocaleDateString` with options builds one on every call. Each holds ICU
/// memory that JavaScriptCore's collector does not count, so a formatter per row grew the web
/// process by hundreds of MiB while a long list was scrolled.
/**
 * @template {Intl.RelativeTimeFormat | Intl.DateTimeFormat} F
 * @param {string} kind
 * @param {(locale: string) => F} build
 * @returns {F}
 */
function formatter(kind, build) {
  const known = formats.get(kind);
  if (known?.locale === locale()) return /** @type {F} */ (known.format);
  const format = build(locale());
  formats.set(kind, { locale: locale(), format });
  return format;
}

const relativeFormat = () => formatter('relative', (l) => new Intl.RelativeTimeFormat(l, { numeric: 'auto', style: 'narrow' }));
const dayFormat = () => formatter('day', (l) => new Intl.DateTimeFormat(l, { day: 'numeric', month: 'short' }));
const momentFormat = () => formatter('moment', (l) => new Intl.DateTimeFormat(l, {
  day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
}));

export function relativeTime(iso, now = Date.now()) {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((then - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return t('time.now');
  if (abs < 3600) return relativeFormat().format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return relativeFormat().format(Math.round(seconds / 3600), 'hour');
  if (abs < 86400 * 7) return relativeFormat().format(Math.round(seconds / 86400), 'day');
  return dayFormat().format(then);
}

export function localTime(iso) {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return '';
  return momentFormat().format(then);
}

/// Status values come from the server; only a safe token of them may become a class name.
/** @param {unknown} value */
export function cssToken(value) {
  return String(value).toLowerCase().replace(/[^a-z0-9_-]/gu, '');
}
