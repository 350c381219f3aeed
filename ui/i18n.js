// @ts-check
// The one string catalog: every text the window shows comes from ui/locales/<language>.js
// through `t`. The language follows the system's unless the user chose one in the settings;
// dates, times and numbers follow the same choice through Intl (`locale()`). Nothing here
// touches the DOM or storage on import, so node tests the lookup directly.
import en from './locales/en.js';
import de from './locales/de.js';

/** @typedef {string | { one: string, other: string }} Entry */
/** @typedef {Record<string, Entry>} Catalog */
/** @typedef {'en' | 'de'} Language */
/** @typedef {'system' | Language} LanguageChoice */

/** @type {Record<Language, Catalog>} */
export const CATALOGS = { en, de };
/** @type {Language[]} */
export const LANGUAGES = ['en', 'de'];
/** Each language named in itself, as language pickers do, so anyone can find their own. */
export const LANGUAGE_NAMES = { en: 'English', de: 'Deutsch' };

/** @type {Language} */
let current = 'en';
let currentLocale = 'en';
let plurals = new Intl.PluralRules('en');

/**
 * The language to show: the user's choice, else the first of the system's languages the
 * catalog has, else English.
 * @param {string | null | undefined} choice
 * @param {readonly string[]} systemLanguages as navigator.languages, e.g. ['de-DE', 'en']
 * @returns {Language}
 */
export function resolveLanguage(choice, systemLanguages) {
  const known = (/** @type {unknown} */ value) => LANGUAGES.find((language) => language === value);
  const chosen = known(choice);
  if (chosen) return chosen;
  for (const tag of systemLanguages) {
    const found = known(String(tag).toLowerCase().split(/[-_]/u)[0]);
    if (found) return found;
  }
  return 'en';
}

/**
 * The Intl locale for `language`: the system's own tag when it is that language (so a Swiss
 * German system keeps its own number and date style), else the bare language.
 * @param {Language} language
 * @param {readonly string[]} systemLanguages
 */
export function localeFor(language, systemLanguages) {
  const own = systemLanguages.find((tag) => String(tag).toLowerCase().split(/[-_]/u)[0] === language);
  if (!own) return language;
  try {
    return Intl.getCanonicalLocales(String(own).replace(/_/gu, '-'))[0];
  } catch {
    return language;
  }
}

/**
 * @param {Language} language
 * @param {string} [intlLocale] defaults to the bare language
 */
export function setLanguage(language, intlLocale = language) {
  current = language;
  currentLocale = intlLocale;
  plurals = new Intl.PluralRules(intlLocale);
}

export function language() {
  return current;
}

/** The locale Intl formats dates, times and numbers in. */
export function locale() {
  return currentLocale;
}

/**
 * The text for `key` in the current language, with `{name}` placeholders filled from
 * `params`; a plural entry picks its form by `params.count`. A key the language lacks falls
 * back to English, and one no catalog has shows as itself (the node tests keep both out).
 * @param {string} key
 * @param {Record<string, string | number>} [params]
 */
export function t(key, params = {}) {
  const entry = CATALOGS[current][key] ?? CATALOGS.en[key];
  if (entry === undefined) return key;
  const text = typeof entry === 'string' ? entry : pluralForm(entry, Number(params.count ?? 0));
  // One pass over the template, never over the values: a value holding "{x}" stays as it is.
  return text.replace(/\{(\w+)\}/gu, (whole, name) => (name in params ? formatParam(params[name]) : whole));
}

/**
 * @param {{ one: string, other: string }} entry
 * @param {number} count
 */
function pluralForm(entry, count) {
  return plurals.select(count) === 'one' ? entry.one : entry.other;
}

/** @param {string | number} value */
function formatParam(value) {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/**
 * A number as the current locale writes it ("1,234.5" / "1.234,5").
 * @param {number} value
 * @param {Intl.NumberFormatOptions} [options]
 */
export function formatNumber(value, options) {
  // One formatter per locale and options, as ui/format.js keeps its date formatters: building
  // one costs ICU memory the collector does not count. The app asks for a handful of options.
  const key = `${currentLocale}\u0000${JSON.stringify(options ?? {})}`;
  let format = numberFormats.get(key);
  if (!format) {
    if (numberFormats.size >= 16) numberFormats.clear();
    format = new Intl.NumberFormat(currentLocale, options);
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** @type {Map<string, Intl.NumberFormat>} */
const numberFormats = new Map();
