// @ts-check
// The shortcut sheet (`?`): every shortcut, built from the table the key handlers use.
import { byId, el } from './dom.js';
import { chordLabel, shortcutGroups } from './shortcuts.js';
import { t } from './i18n.js';

export class ShortcutSheet {
  constructor() {
    this.dialog = /** @type {HTMLDialogElement} */ (byId('shortcut-sheet'));
    /** @type {HTMLElement | null} */
    this.returnFocus = null;
    byId('shortcut-close').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => this.returnFocus?.focus());
    byId('shortcut-groups').replaceChildren(...shortcutGroups().map(({ where, shortcuts }) => (
      el('table', { className: 'shortcut-table' }, [
        el('caption', { text: t(where) }),
        el('tbody', {}, shortcuts.map((shortcut) => el('tr', {}, [
          el('td', { className: 'shortcut-keys' }, shortcut.chords.flatMap((chord, i) => [
            i > 0 ? t('shortcut.or') : null, el('kbd', { text: chordLabel(chord) }),
          ])),
          el('td', { text: t(shortcut.label) }),
        ]))),
      ])
    )));
  }

  open() {
    if (this.dialog.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.dialog.showModal();
  }
}
