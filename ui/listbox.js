// @ts-check
// The list under a filter field, as the ARIA combobox pattern has it: focus stays in the field,
// the arrows move the highlighted option (aria-activedescendant), Enter chooses it. Used by the
// command palette and the snippet picker.
import { clear, el } from './dom.js';
import { shortcutFor } from './shortcuts.js';

/** @typedef {{ label: string, detail?: string }} ListOption */

export class Listbox {
  /**
   * @param {object} parts
   * @param {HTMLInputElement} parts.input the filter field (role combobox)
   * @param {HTMLElement} parts.list the listbox
   * @param {string} parts.idPrefix for the options' ids
   * @param {(index: number) => void} parts.onChoose
   */
  constructor({ input, list, idPrefix, onChoose }) {
    this.input = input;
    this.list = list;
    this.idPrefix = idPrefix;
    this.onChoose = onChoose;
    this.count = 0;
    this.active = -1;
  }

  /** @param {ListOption[]} options */
  show(options) {
    clear(this.list);
    options.forEach((option, index) => {
      this.list.append(el('li', {
        className: 'option',
        attrs: { role: 'option', id: `${this.idPrefix}-${index}`, 'aria-selected': 'false' },
        // The field keeps the focus: a click chooses without taking it.
        on: { mousedown: (/** @type {Event} */ event) => event.preventDefault(), click: () => this.onChoose(index) },
      }, [
        el('span', { className: 'option-label', text: option.label }),
        option.detail ? el('span', { className: 'option-detail', text: option.detail }) : null,
      ]));
    });
    this.count = options.length;
    this.setActive(options.length > 0 ? 0 : -1);
  }

  /** @param {number} index */
  setActive(index) {
    this.list.children[this.active]?.setAttribute('aria-selected', 'false');
    this.active = index;
    const option = this.list.children[index];
    if (!option) {
      this.input.removeAttribute('aria-activedescendant');
      return;
    }
    option.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Moves or chooses for a key in the field; whether the key was the list's.
   * @param {KeyboardEvent} event
   */
  onKey(event) {
    const last = this.count - 1;
    switch (shortcutFor(event, ['optionNext', 'optionPrevious', 'optionFirst', 'optionLast', 'choose'])) {
      case 'optionNext': this.setActive(this.active >= last ? 0 : this.active + 1); break;
      case 'optionPrevious': this.setActive(this.active <= 0 ? last : this.active - 1); break;
      case 'optionFirst': this.setActive(this.count > 0 ? 0 : -1); break;
      case 'optionLast': this.setActive(last); break;
      case 'choose': if (this.active >= 0) this.onChoose(this.active); break;
      default: return false;
    }
    event.preventDefault();
    return true;
  }
}
