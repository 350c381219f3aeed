// @ts-check
// The settings dialog: opened from the sidebar or with Ctrl+, and closed with Escape or Close.
// Each feature fills its own section of it (index.html); this module only opens and closes it,
// and gives focus back to where it was.
import { byId } from './dom.js';
import { shortcutFor } from './shortcuts.js';

/**
 * Whether a key press opens the settings (Ctrl+, as in most desktop apps).
 * @param {{ key: string, ctrlKey?: boolean, metaKey?: boolean, altKey?: boolean, shiftKey?: boolean }} press
 */
export function isSettingsKey(press) {
  return shortcutFor(press, ['settings']) !== null;
}

export class SettingsDialog {
  constructor() {
    this.dialog = /** @type {HTMLDialogElement} */ (byId('settings-dialog'));
    /** @type {HTMLElement | null} */
    this.returnFocus = null;
    byId('settings-button').addEventListener('click', () => this.open());
    byId('settings-close').addEventListener('click', () => this.dialog.close());
    // A modal dialog closes itself on Escape; focus goes back to what opened it.
    this.dialog.addEventListener('close', () => this.returnFocus?.focus());
    document.addEventListener('keydown', (event) => {
      if (!isSettingsKey(event) || byId('app-view').hidden) return;
      event.preventDefault();
      this.open();
    });
  }

  get isOpen() {
    return this.dialog.open;
  }

  open() {
    if (this.dialog.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.dialog.showModal();
  }

  close() {
    this.dialog.close();
  }
}
