// @ts-check
// The Snippets section of the settings: the agent's name for {agent.name}, the list of
// snippets with Edit and Delete, a form to add or change one, and Import…/Export… (Rust shows
// the file dialogs). Every change is saved whole in Rust, which checks it; the store then holds
// what was kept, for the picker and the palette.
import { byId, clear, el } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { logFailure } from './notices.js';
import { VARIABLES } from './snippets.js';
import { t } from './i18n.js';

/** @typedef {import('./bindings.js').SnippetBook} SnippetBook */
/** @typedef {import('./bindings.js').Snippet} Snippet */

export const NO_SNIPPETS = Object.freeze({ agentName: '', snippets: [] });

export class SnippetSettings {
  /** @param {import('./types.js').ViewStore} store */
  constructor(store) {
    this.store = store;
    /** The snippet the form edits, by position; `null` for a new one. @type {number | null} */
    this.editing = null;
    this.form = /** @type {HTMLFormElement} */ (byId('snippet-form'));
    this.name = /** @type {HTMLInputElement} */ (byId('snippet-name'));
    this.text = /** @type {HTMLTextAreaElement} */ (byId('snippet-text'));
    this.agent = /** @type {HTMLInputElement} */ (byId('agent-name'));
    byId('snippet-variables').textContent = t('snippets.variables', { list: VARIABLES.map((v) => `{${v.name}} (${t(v.means)})`).join(', ') });
    byId('snippet-add').addEventListener('click', () => this.edit(null));
    byId('snippet-cancel').addEventListener('click', () => this.closeForm());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.saveForm();
    });
    this.agent.addEventListener('change', () => this.save({ ...this.book(), agentName: this.agent.value }, t('snippets.nameSaved')));
    byId('snippet-import').addEventListener('click', () => this.importFile());
    byId('snippet-export').addEventListener('click', () => this.exportFile());
    byId('snippet-account').addEventListener('change', (event) => {
      this.store.set({ snippetAccount: /** @type {HTMLSelectElement} */ (event.target).value });
    });
    store.subscribe((state, previous) => {
      if (state.snippets !== previous.snippets) this.render();
      if (state.session !== previous.session || state.snippetAccount !== previous.snippetAccount) this.renderAccounts();
      if (state.snippetAccount !== previous.snippetAccount) this.load();
    });
    this.render();
  }

  /** @returns {SnippetBook} */
  book() {
    return this.store.get().snippets;
  }

  /// Each account has its own snippets: the ones shown and inserted are `snippetAccount`'s.
  account() {
    return this.store.get().snippetAccount;
  }

  async load() {
    const account = this.account();
    if (!account) return;
    try {
      const snippets = await call(Commands.GetSnippets, { account });
      // Another account was chosen meanwhile: its own load fills the store.
      if (this.account() === account) this.store.set({ snippets });
    } catch (error) {
      logFailure(t('failure.snippets'), error);
    }
  }

  /// Which account's snippets these are, when several are signed in.
  renderAccounts() {
    const accounts = this.store.get().session?.accounts ?? [];
    const select = /** @type {HTMLSelectElement} */ (byId('snippet-account'));
    clear(select);
    for (const a of accounts) select.append(el('option', { text: a.name, attrs: { value: a.id } }));
    select.value = this.account() ?? '';
    byId('snippet-account-field').hidden = accounts.length < 2;
  }

  render() {
    const { agentName, snippets } = this.book();
    if (document.activeElement !== this.agent) this.agent.value = agentName;
    const list = byId('snippet-list');
    clear(list);
    snippets.forEach((snippet, index) => {
      list.append(el('li', { className: 'snippet-row' }, [
        el('div', { className: 'snippet-summary' }, [
          el('span', { className: 'snippet-name', text: snippet.name }),
          el('span', { className: 'snippet-preview muted', text: snippet.text.slice(0, 160) }),
        ]),
        el('button', { text: t('snippets.edit'), attrs: { type: 'button', class: 'secondary', 'aria-label': t('snippets.editNamed', { name: snippet.name }) }, on: { click: () => this.edit(index) } }),
        el('button', { text: t('snippets.delete'), attrs: { type: 'button', class: 'secondary', 'aria-label': t('snippets.deleteNamed', { name: snippet.name }) }, on: { click: () => this.remove(index) } }),
      ]));
    });
    byId('snippet-list-empty').hidden = snippets.length > 0;
  }

  /** @param {number | null} index */
  edit(index) {
    this.editing = index;
    const snippet = index === null ? null : this.book().snippets[index];
    byId('snippet-form-title').textContent = snippet ? t('snippets.editTitle', { name: snippet.name }) : t('snippets.new');
    this.name.value = snippet?.name ?? '';
    this.text.value = snippet?.text ?? '';
    this.form.hidden = false;
    this.name.focus();
  }

  closeForm() {
    this.form.hidden = true;
    this.editing = null;
    byId('snippet-add').focus();
  }

  async saveForm() {
    const snippet = { name: this.name.value.trim(), text: this.text.value };
    if (!snippet.name) {
      this.say(t('snippets.needsName'));
      this.name.focus();
      return;
    }
    const snippets = [...this.book().snippets];
    if (this.editing === null) snippets.push(snippet);
    else snippets[this.editing] = snippet;
    if (await this.save({ ...this.book(), snippets }, `“${snippet.name}” is saved.`)) this.closeForm();
  }

  /** @param {number} index */
  async remove(index) {
    const removed = this.book().snippets[index];
    if (!removed) return;
    const snippets = this.book().snippets.filter((_, i) => i !== index);
    if (await this.save({ ...this.book(), snippets }, `“${removed.name}” is deleted.`)) byId('snippet-add').focus();
  }

  /**
   * @param {SnippetBook} book
   * @param {string} done what to say once kept
   */
  async save(book, done) {
    try {
      const account = this.account();
      if (!account) return false;
      this.store.set({ snippets: await call(Commands.SaveSnippets, { account, book }) });
      this.say(done);
      return true;
    } catch (error) {
      this.say(t('snippets.notSaved', { reason: errorMessage(error) }));
      return false;
    }
  }

  async importFile() {
    try {
      const account = this.account();
      if (!account) return;
      const book = await call(Commands.ImportSnippets, { account });
      if (!book) return;
      this.store.set({ snippets: book });
      this.say(t('snippets.imported', { count: book.snippets.length }));
    } catch (error) {
      this.say(t('snippets.notImported', { reason: errorMessage(error) }));
    }
  }

  async exportFile() {
    try {
      const account = this.account();
      if (account && await call(Commands.ExportSnippets, { account })) this.say(t('snippets.exported'));
    } catch (error) {
      this.say(t('snippets.notExported', { reason: errorMessage(error) }));
    }
  }

  /** @param {string} text */
  say(text) {
    byId('snippet-status').textContent = text;
  }
}
