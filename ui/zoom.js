// @ts-check
// Zoom with Ctrl +, Ctrl − and Ctrl 0, on every screen, remembered on this machine. The steps
// and keys are pure functions (node tests them); Rust zooms the webview itself, so text,
// layout and images scale together as in a browser.
import { Commands, call } from './ipc.js';
import { shortcutFor } from './shortcuts.js';

export const ZOOM_STEPS = [0.67, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const ZOOM_KEY = 'ohallo.zoom';

/**
 * What a key press asks of the zoom, if anything. Ctrl+Shift+= arrives as '+', the keypad's
 * keys as '+' and '-'.
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean }} press
 * @returns {'in' | 'out' | 'reset' | null}
 */
export function zoomKey(press) {
  switch (shortcutFor(press, ['zoomIn', 'zoomOut', 'zoomReset'])) {
    case 'zoomIn': return 'in';
    case 'zoomOut': return 'out';
    case 'zoomReset': return 'reset';
    default: return null;
  }
}

/**
 * The next step from `level` (which may be between steps, or out of range, as stored).
 * @param {number} level
 * @param {'in' | 'out' | 'reset'} change
 */
export function nextZoom(level, change) {
  if (change === 'reset') return 1;
  const current = clampZoom(level);
  if (change === 'in') return ZOOM_STEPS.find((step) => step > current + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
  return [...ZOOM_STEPS].reverse().find((step) => step < current - 0.001) ?? ZOOM_STEPS[0];
}

/**
 * A stored or computed level, within the steps' range; 1 for anything unreadable.
 * @param {number} level
 */
export function clampZoom(level) {
  if (typeof level !== 'number' || !Number.isFinite(level)) return 1;
  return Math.min(ZOOM_STEPS[ZOOM_STEPS.length - 1], Math.max(ZOOM_STEPS[0], level));
}

/** Applies the remembered zoom and listens for the keys. */
export function installZoom() {
  let level = clampZoom(Number(readStored()));
  if (level !== 1) apply(level);
  document.addEventListener('keydown', (event) => {
    const change = zoomKey(event);
    if (!change) return;
    event.preventDefault();
    level = nextZoom(level, change);
    apply(level);
    try {
      localStorage.setItem(ZOOM_KEY, String(level));
    } catch (error) {
      console.warn('Could not remember the zoom:', error);
    }
  });
}

function readStored() {
  try {
    return localStorage.getItem(ZOOM_KEY) ?? '1';
  } catch {
    return '1';
  }
}

/** @param {number} level */
function apply(level) {
  call(Commands.SetZoom, { level }).catch((error) => console.warn('Could not zoom:', error));
}
