// @ts-check
// The spell-checking choice in the settings' "This desktop" section: a select of the languages
// with a dictionary installed, and Off. Rust picks the language at start (the choice, else the
// locale's) and tells WebKit; this module only shows it and passes a new choice on.
import { byId, clear, el } from './dom.js';
import { Commands, call } from './ipc.js';
import { logFailure, showFailure } from './notices.js';
import { locale, t } from './i18n.js';

/** @typedef {import('./ipc.js').Spelling} Spelling */

/** The select's value for "Off" (a dictionary name is never empty). */
export const OFF = '';

/**
 * A dictionary's name for people: "German (Germany)" for `de_DE`, in the window's language;
 * the name itself where the runtime cannot tell.
 * @param {string} dictionary enchant's name, `xx_YY`
 * @param {{ of(code: string): string | undefined } | null} names an `Intl.DisplayNames` of languages
 */
export function dictionaryLabel(dictionary, names) {
  try {
    return names?.of(dictionary.replaceAll('_', '-')) ?? dictionary;
  } catch {
    // Not a valid language tag (a dictionary someone named freely).
    return dictionary;
  }
}

/**
 * The select's options, Off first, then the dictionaries by their label.
 * @param {Spelling} spelling
 * @param {{ of(code: string): string | undefined } | null} names
 * @returns {{ value: string, label: string }[]}
 */
export function spellingOptions(spelling, names) {
  const languages = spelling.languages
    .map((value) => ({ value, label: dictionaryLabel(value, names) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [{ value: OFF, label: t('settings.spelling.off') }, ...languages];
}

/**
 * Language names in `locale`, with the region in brackets ("German (Austria)"), so the
 * dictionaries of one language sort together; `null` where the runtime has none.
 * @param {string} locale
 */
export function languageNames(locale) {
  try {
    return new Intl.DisplayNames([locale], { type: 'language', languageDisplay: 'standard' });
  } catch {
    return null;
  }
}

/// The checker starts the first time a field marked `spellcheck="true"` is focused (the
/// dictionary costs start-up time and memory a window kept for notifications never needs); a
/// failed start is tried again at the next such focus.
export function installSpellingStart() {
  /** @param {FocusEvent} event */
  const onFocus = (event) => {
    if (!(event.target instanceof HTMLElement) || event.target.getAttribute('spellcheck') !== 'true') return;
    document.removeEventListener('focusin', onFocus);
    call(Commands.StartSpelling).catch((error) => {
      logFailure('Spell checking could not start', error);
      document.addEventListener('focusin', onFocus);
    });
  };
  document.addEventListener('focusin', onFocus);
}

export class SpellingSettings {
  constructor() {
    this.select = /** @type {HTMLSelectElement} */ (byId('spelling-language'));
    this.select.addEventListener('change', () => this.choose(this.select.value));
  }

  async load() {
    try {
      this.show(await call(Commands.GetSpelling));
    } catch (error) {
      this.select.disabled = true;
      logFailure('Spell checking settings could not be read', error);
    }
  }

  /** @param {string} value */
  async choose(value) {
    try {
      this.show(await call(Commands.SetSpelling, { language: value === OFF ? null : value }));
    } catch (error) {
      showFailure('spelling-status', t('failure.spelling'), error);
      await this.load();
    }
  }

  /** @param {Spelling} spelling */
  show(spelling) {
    clear(this.select);
    for (const { value, label } of spellingOptions(spelling, languageNames(locale()))) {
      this.select.append(el('option', { text: label, attrs: { value } }));
    }
    this.select.value = spelling.active ?? OFF;
    this.select.disabled = false;
    byId('spelling-none').hidden = spelling.languages.length > 0;
  }
}
