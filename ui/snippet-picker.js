// @ts-check
// The snippet picker in the reply box: `/` as the first character of an empty reply, or
// Ctrl+/ anywhere in it, opens a filter field over a list of the account's snippets. Enter
// inserts the highlighted one; Escape closes it and leaves the reply as it was.
import { byId } from './dom.js';
import { Listbox } from './listbox.js';
import { rankByQuery } from './snippets.js';
import { shortcutFor } from './shortcuts.js';
import { t } from './i18n.js';

/** @typedef {import('./bindings.js').Snippet} Snippet */

export class SnippetPicker {
  /**
   * @param {object} hooks
   * @param {import('./types.js').ViewStore} hooks.store holds the snippets
   * @param {(snippet: Snippet) => void} hooks.onInsert
   * @param {(typed: string) => void} hooks.onDismiss back to the reply, with what opening it swallowed
   */
  constructor({ store, onInsert, onDismiss }) {
    this.store = store;
    this.onInsert = onInsert;
    this.onDismiss = onDismiss;
    this.box = byId('snippet-picker');
    this.input = /** @type {HTMLInputElement} */ (byId('snippet-filter'));
    /** @type {Snippet[]} */
    this.shown = [];
    /** What the key that opened the picker would have typed: `/`, given back on Escape. */
    this.swallowed = '';
    this.listbox = new Listbox({
      input: this.input, list: byId('snippet-options'), idPrefix: 'snippet-option',
      onChoose: (index) => this.choose(index),
    });
    this.input.addEventListener('input', () => this.render());
    this.input.addEventListener('keydown', (event) => {
      if (this.listbox.onKey(event)) return;
      if (shortcutFor(event, ['dismiss'])) {
        event.preventDefault();
        event.stopPropagation();
        this.dismiss();
      }
    });
    this.box.addEventListener('focusout', (event) => {
      if (!this.box.hidden && !this.box.contains(/** @type {Node | null} */ (event.relatedTarget))) this.close();
    });
  }

  get isOpen() {
    return !this.box.hidden;
  }

  /** @param {string} swallowed what the opening key would have typed */
  open(swallowed) {
    this.swallowed = swallowed;
    this.input.value = '';
    this.box.hidden = false;
    this.render();
    this.input.focus();
  }

  render() {
    const { snippets } = this.store.get().snippets;
    this.shown = rankByQuery(snippets, this.input.value, (s) => ({ label: s.name, extra: s.text }));
    this.listbox.show(this.shown.map((s) => ({ label: s.name, detail: s.text.slice(0, 120) })));
    const empty = byId('snippet-picker-empty');
    empty.hidden = this.shown.length > 0;
    empty.textContent = snippets.length === 0
      ? t('snippets.picker.none')
      : t('snippets.picker.noMatch');
  }

  /** @param {number} index */
  choose(index) {
    const snippet = this.shown[index];
    if (!snippet) return;
    this.close();
    this.onInsert(snippet);
  }

  dismiss() {
    const typed = this.swallowed;
    this.close();
    this.onDismiss(typed);
  }

  close() {
    this.box.hidden = true;
    this.swallowed = '';
  }
}
