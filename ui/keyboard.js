// @ts-check
// The keyboard map as pure functions: which key does what where. The keys themselves are in
// ui/shortcuts.js; the window wires these to events (ui/inbox.js, ui/filters.js); node tests
// them without one.
import { shortcutFor } from './shortcuts.js';

/** @typedef {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean }} KeyPress */
/**
 * Where focus is, as far as keys care: typing in the search box or another field, on the
 * status tabs (which own their arrow keys), on a button (which owns Enter) or anywhere else.
 * @typedef {'search' | 'field' | 'tablist' | 'button' | 'other'} FocusKind
 */
/**
 * @typedef {object} KeyContext
 * @property {boolean} inboxShown the inbox, not the sign-in screen
 * @property {FocusKind} focus
 * @property {boolean} hasSelection a list row is selected
 * @property {boolean} hasOpen a thread is open
 */
/**
 * @typedef {'closeWindow' | 'palette' | 'shortcuts' | 'leaveSearch' | 'next' | 'previous' | 'open' | 'search' | 'reply' | 'popOut'} KeyAction
 */

/** @type {readonly KeyAction[]} */
const LIST_KEYS = ['next', 'previous', 'open', 'search', 'reply', 'popOut', 'shortcuts'];

/**
 * @param {{ id: string, matches(selector: string): boolean, closest(selector: string): unknown } | null} target
 * @returns {FocusKind}
 */
export function focusKind(target) {
  if (!target) return 'other';
  if (target.id === 'search') return 'search';
  if (target.matches('input, textarea, select')) return 'field';
  if (target.closest('[role=tablist]')) return 'tablist';
  return target.matches('button, a[href]') ? 'button' : 'other';
}

/**
 * @param {KeyPress} press
 * @param {KeyContext} context
 * @returns {KeyAction | null}
 */
export function keyAction(press, context) {
  // Closing to the tray works on every screen, as the window's close button does.
  if (shortcutFor(press, ['closeWindow'])) return 'closeWindow';
  if (!context.inboxShown) return null;
  if (shortcutFor(press, ['palette'])) return 'palette';
  if (context.focus === 'search') return shortcutFor(press, ['leaveSearch']);
  if (context.focus === 'field') return null;
  const action = shortcutFor(press, LIST_KEYS);
  switch (action) {
    case 'next':
    case 'previous': return context.focus === 'tablist' && press.key.startsWith('Arrow') ? null : action;
    case 'open': return context.hasSelection && context.focus === 'other' ? action : null;
    case 'reply':
    case 'popOut': return context.hasOpen ? action : null;
    default: return action;
  }
}

/**
 * The tab that a key on the tab list moves to (wrapping, as the ARIA tabs pattern has it), or
 * `null` for a key the tab list leaves alone. The list is vertical, so both arrow pairs move.
 * @param {string} key
 * @param {number} index the focused tab
 * @param {number} count
 * @returns {number | null}
 */
export function tabKeyTarget(key, index, count) {
  if (count === 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight': return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft': return (index - 1 + count) % count;
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return null;
  }
}
