// @ts-check
// Every keyboard shortcut, in one table: the key handlers look their keys up here and the
// shortcut sheet (`?`) lists this same table, so the sheet cannot drift from what the keys do.
// Pure: node tests it.
import { t } from './i18n.js';

/** A key, with Ctrl (Cmd on a Mac) or without. Shift is ignored: `?` needs it on most layouts. @typedef {{ key: string, ctrl?: boolean }} Chord */
/**
 * @typedef {'palette' | 'settings' | 'shortcuts' | 'closeWindow' | 'zoomIn' | 'zoomOut' | 'zoomReset'
 *   | 'next' | 'previous' | 'open' | 'search' | 'reply' | 'popOut' | 'leaveSearch'
 *   | 'send' | 'leaveReply' | 'snippets'
 *   | 'optionNext' | 'optionPrevious' | 'optionFirst' | 'optionLast' | 'choose' | 'dismiss'} ShortcutId
 */
/** `where` and `label` are catalog keys. @typedef {{ id: ShortcutId, where: string, label: string, chords: Chord[] }} Shortcut */

/** @type {readonly Shortcut[]} */
export const SHORTCUTS = Object.freeze([
  { id: 'palette', where: 'shortcut.where.anywhere', label: 'shortcut.palette', chords: [{ key: 'k', ctrl: true }] },
  { id: 'settings', where: 'shortcut.where.anywhere', label: 'shortcut.settings', chords: [{ key: ',', ctrl: true }] },
  { id: 'shortcuts', where: 'shortcut.where.anywhere', label: 'shortcut.shortcuts', chords: [{ key: '?' }] },
  { id: 'closeWindow', where: 'shortcut.where.anywhere', label: 'shortcut.closeWindow', chords: [{ key: 'w', ctrl: true }] },
  { id: 'zoomIn', where: 'shortcut.where.anywhere', label: 'shortcut.zoomIn', chords: [{ key: '=', ctrl: true }, { key: '+', ctrl: true }] },
  { id: 'zoomOut', where: 'shortcut.where.anywhere', label: 'shortcut.zoomOut', chords: [{ key: '-', ctrl: true }, { key: '_', ctrl: true }] },
  { id: 'zoomReset', where: 'shortcut.where.anywhere', label: 'shortcut.zoomReset', chords: [{ key: '0', ctrl: true }] },
  { id: 'next', where: 'shortcut.where.list', label: 'shortcut.next', chords: [{ key: 'j' }, { key: 'ArrowDown' }] },
  { id: 'previous', where: 'shortcut.where.list', label: 'shortcut.previous', chords: [{ key: 'k' }, { key: 'ArrowUp' }] },
  { id: 'open', where: 'shortcut.where.list', label: 'shortcut.open', chords: [{ key: 'Enter' }] },
  { id: 'search', where: 'shortcut.where.list', label: 'shortcut.search', chords: [{ key: '/' }] },
  { id: 'reply', where: 'shortcut.where.list', label: 'shortcut.reply', chords: [{ key: 'r' }] },
  { id: 'popOut', where: 'shortcut.where.list', label: 'shortcut.popOut', chords: [{ key: 'o' }] },
  { id: 'leaveSearch', where: 'shortcut.where.search', label: 'shortcut.leaveSearch', chords: [{ key: 'Escape' }] },
  { id: 'send', where: 'shortcut.where.reply', label: 'shortcut.send', chords: [{ key: 'Enter', ctrl: true }] },
  { id: 'snippets', where: 'shortcut.where.reply', label: 'shortcut.snippets', chords: [{ key: '/', ctrl: true }, { key: '/' }] },
  { id: 'leaveReply', where: 'shortcut.where.reply', label: 'shortcut.leaveReply', chords: [{ key: 'Escape' }] },
  { id: 'optionNext', where: 'shortcut.where.picker', label: 'shortcut.optionNext', chords: [{ key: 'ArrowDown' }] },
  { id: 'optionPrevious', where: 'shortcut.where.picker', label: 'shortcut.optionPrevious', chords: [{ key: 'ArrowUp' }] },
  { id: 'optionFirst', where: 'shortcut.where.picker', label: 'shortcut.optionFirst', chords: [{ key: 'Home', ctrl: true }] },
  { id: 'optionLast', where: 'shortcut.where.picker', label: 'shortcut.optionLast', chords: [{ key: 'End', ctrl: true }] },
  { id: 'choose', where: 'shortcut.where.picker', label: 'shortcut.choose', chords: [{ key: 'Enter' }] },
  { id: 'dismiss', where: 'shortcut.where.picker', label: 'shortcut.dismiss', chords: [{ key: 'Escape' }] },
]);

/**
 * Whether `press` is `chord`. Ctrl and Cmd count alike; Alt never matches, so the desktop's
 * and the layout's Alt combinations stay theirs.
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean }} press
 * @param {Chord} chord
 */
function matches(press, chord) {
  const command = Boolean(press.ctrlKey || press.metaKey);
  if (press.altKey || command !== Boolean(chord.ctrl)) return false;
  // Ctrl+W with Caps Lock on is still Ctrl+W; a plain J is not j.
  return chord.ctrl ? press.key.toLowerCase() === chord.key.toLowerCase() : press.key === chord.key;
}

/**
 * The first of `ids` whose shortcut `press` is, or `null`.
 * @template {ShortcutId} T
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean }} press
 * @param {readonly T[]} ids
 * @returns {T | null}
 */
export function shortcutFor(press, ids) {
  for (const id of ids) {
    const shortcut = SHORTCUTS.find((s) => s.id === id);
    if (shortcut?.chords.some((chord) => matches(press, chord))) return id;
  }
  return null;
}

const KEY_NAMES = /** @type {Record<string, string>} */ ({
  ArrowDown: '↓', ArrowUp: '↑', Escape: 'Esc', Enter: 'Enter', Home: 'Home', End: 'End',
});

/**
 * A chord as the sheet shows it: `Ctrl+K`, `↓`, `/`.
 * @param {Chord} chord
 */
export function chordLabel(chord) {
  const key = KEY_NAMES[chord.key] ?? (chord.ctrl ? chord.key.toUpperCase() : chord.key);
  return chord.ctrl ? `${t('shortcut.ctrl')}+${key}` : key;
}

/**
 * The table grouped by where the keys work, in the table's order, for the sheet.
 * @returns {{ where: string, shortcuts: Shortcut[] }[]}
 */
export function shortcutGroups() {
  /** @type {Map<string, Shortcut[]>} */
  const groups = new Map();
  for (const shortcut of SHORTCUTS) {
    const group = groups.get(shortcut.where) ?? [];
    group.push(shortcut);
    groups.set(shortcut.where, group);
  }
  return [...groups].map(([where, shortcuts]) => ({ where, shortcuts }));
}
