// @ts-check
// Every keyboard shortcut, in one table: the key handlers look their keys up here and the
// shortcut sheet (`?`) lists this same table, so the sheet cannot drift from what the keys do.
// Pure: node tests it.

/** A key, with Ctrl (Cmd on a Mac) or without. Shift is ignored: `?` needs it on most layouts. @typedef {{ key: string, ctrl?: boolean }} Chord */
/**
 * @typedef {'palette' | 'settings' | 'shortcuts' | 'closeWindow' | 'zoomIn' | 'zoomOut' | 'zoomReset'
 *   | 'next' | 'previous' | 'open' | 'search' | 'reply' | 'leaveSearch'
 *   | 'send' | 'leaveReply' | 'snippets'
 *   | 'optionNext' | 'optionPrevious' | 'optionFirst' | 'optionLast' | 'choose' | 'dismiss'} ShortcutId
 */
/** @typedef {{ id: ShortcutId, where: string, label: string, chords: Chord[] }} Shortcut */

/** @type {readonly Shortcut[]} */
export const SHORTCUTS = Object.freeze([
  { id: 'palette', where: 'Anywhere', label: 'Command palette: run any action by typing', chords: [{ key: 'k', ctrl: true }] },
  { id: 'settings', where: 'Anywhere', label: 'Settings', chords: [{ key: ',', ctrl: true }] },
  { id: 'shortcuts', where: 'Anywhere', label: 'This list of shortcuts (outside text fields)', chords: [{ key: '?' }] },
  { id: 'closeWindow', where: 'Anywhere', label: 'Close the window (to the tray, or minimised where no tray is shown)', chords: [{ key: 'w', ctrl: true }] },
  { id: 'zoomIn', where: 'Anywhere', label: 'Zoom in', chords: [{ key: '=', ctrl: true }, { key: '+', ctrl: true }] },
  { id: 'zoomOut', where: 'Anywhere', label: 'Zoom out', chords: [{ key: '-', ctrl: true }, { key: '_', ctrl: true }] },
  { id: 'zoomReset', where: 'Anywhere', label: 'Actual size', chords: [{ key: '0', ctrl: true }] },
  { id: 'next', where: 'Conversation list', label: 'Next conversation', chords: [{ key: 'j' }, { key: 'ArrowDown' }] },
  { id: 'previous', where: 'Conversation list', label: 'Previous conversation', chords: [{ key: 'k' }, { key: 'ArrowUp' }] },
  { id: 'open', where: 'Conversation list', label: 'Open the selected conversation', chords: [{ key: 'Enter' }] },
  { id: 'search', where: 'Conversation list', label: 'Search conversations', chords: [{ key: '/' }] },
  { id: 'reply', where: 'Conversation list', label: 'Write a reply in the open conversation', chords: [{ key: 'r' }] },
  { id: 'leaveSearch', where: 'Search box', label: 'Back to the list', chords: [{ key: 'Escape' }] },
  { id: 'send', where: 'Reply box', label: 'Send the reply', chords: [{ key: 'Enter', ctrl: true }] },
  { id: 'snippets', where: 'Reply box', label: 'Insert a snippet (/ only as the first character)', chords: [{ key: '/', ctrl: true }, { key: '/' }] },
  { id: 'leaveReply', where: 'Reply box', label: 'Leave the reply box', chords: [{ key: 'Escape' }] },
  { id: 'optionNext', where: 'Command palette and snippet picker', label: 'Next item', chords: [{ key: 'ArrowDown' }] },
  { id: 'optionPrevious', where: 'Command palette and snippet picker', label: 'Previous item', chords: [{ key: 'ArrowUp' }] },
  { id: 'optionFirst', where: 'Command palette and snippet picker', label: 'First item', chords: [{ key: 'Home', ctrl: true }] },
  { id: 'optionLast', where: 'Command palette and snippet picker', label: 'Last item', chords: [{ key: 'End', ctrl: true }] },
  { id: 'choose', where: 'Command palette and snippet picker', label: 'Run or insert the highlighted item', chords: [{ key: 'Enter' }] },
  { id: 'dismiss', where: 'Command palette and snippet picker', label: 'Close, leaving everything as it was', chords: [{ key: 'Escape' }] },
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
  return chord.ctrl ? `Ctrl+${key}` : key;
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
