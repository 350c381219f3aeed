// @ts-check
// The window's language: chosen once at start (the user's choice on this machine, else the
// system's), written into index.html's static text, and picked in the settings' "This
// desktop" section. A change reloads the window so every text is made anew in the new
// language; the open conversation comes back, and its draft, which Rust keeps.
import { byId, el } from './dom.js';
import { Commands, call } from './ipc.js';
import { LANGUAGES, LANGUAGE_NAMES, language, localeFor, resolveLanguage, setLanguage, t } from './i18n.js';

const CHOICE_KEY = 'ohallo.language';
// What the window showed before a language change reloaded it; read once after the reload.
const RESTORE_KEY = 'ohallo.languageRestore';

/** @typedef {import('./i18n.js').LanguageChoice} LanguageChoice */
/** @typedef {{ openId: string | null }} RestoreState */

/** @type {string[]} the system's languages, most wanted first, as installLanguage read them */
let systemTags = [];

/** @returns {LanguageChoice} */
function storedChoice() {
  try {
    const value = localStorage.getItem(CHOICE_KEY);
    return value === 'en' || value === 'de' ? value : 'system';
  } catch {
    return 'system';
  }
}

/**
 * Sets the language before anything is drawn and translates the static page. The session's
 * locale comes from Rust (WebKitGTK's navigator.language ignores LC_MESSAGES and any locale
 * not installed); the webview's own list follows, for the platforms where it is the system's.
 */
export async function installLanguage() {
  const fromSession = await call(Commands.SystemLanguages).catch((error) => {
    console.error('The system language could not be read:', error);
    return [];
  });
  systemTags = [...fromSession, ...(navigator.languages ?? [navigator.language])];
  const chosen = resolveLanguage(storedChoice(), systemTags);
  setLanguage(chosen, localeFor(chosen, systemTags));
  document.documentElement.lang = chosen;
  // The tray, the title and notifications are made in Rust: they speak the window's language.
  call(Commands.SetLanguage, { language: chosen }).catch((error) => console.error('Rust could not be told the language:', error));
  translatePage(document);
}

/**
 * Fills every `data-i18n` element's text and every `data-i18n-attr` ("attr:key;attr:key")
 * attribute from the catalog.
 * @param {ParentNode} root
 */
export function translatePage(root) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.textContent = t(/** @type {HTMLElement} */ (node).dataset.i18n ?? '');
  }
  for (const node of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of (/** @type {HTMLElement} */ (node).dataset.i18nAttr ?? '').split(';')) {
      const [attribute, key] = pair.split(':').map((part) => part.trim());
      if (attribute && key) node.setAttribute(attribute, t(key));
    }
  }
}

/**
 * What the window showed before a language change, once; null on any other start.
 * @returns {RestoreState | null}
 */
export function takeRestoreState() {
  try {
    const saved = sessionStorage.getItem(RESTORE_KEY);
    sessionStorage.removeItem(RESTORE_KEY);
    const state = saved ? JSON.parse(saved) : null;
    return state && typeof state === 'object' ? { openId: typeof state.openId === 'string' ? state.openId : null } : null;
  } catch {
    return null;
  }
}

/// The language picker in the settings dialog.
export class LanguageSetting {
  /** @param {{ beforeReload: () => Promise<RestoreState> }} hooks */
  constructor({ beforeReload }) {
    const select = /** @type {HTMLSelectElement} */ (byId('language-select'));
    const system = resolveLanguage('system', systemTags);
    select.replaceChildren(
      el('option', { text: t('settings.language.system', { language: LANGUAGE_NAMES[system] }), attrs: { value: 'system' } }),
      ...LANGUAGES.map((code) => el('option', { text: LANGUAGE_NAMES[code], attrs: { value: code, lang: code } })),
    );
    select.value = storedChoice();
    select.addEventListener('change', async () => {
      const choice = select.value;
      try {
        if (choice === 'system') localStorage.removeItem(CHOICE_KEY);
        else localStorage.setItem(CHOICE_KEY, choice);
      } catch (error) {
        console.error('The language could not be remembered:', error);
      }
      if (resolveLanguage(choice, systemTags) === language()) return;
      const state = await beforeReload();
      try {
        sessionStorage.setItem(RESTORE_KEY, JSON.stringify(state));
      } catch (error) {
        console.error('The open conversation could not be kept over the language change:', error);
      }
      location.reload();
    });
  }
}
