// @ts-check
// Settings → Accounts: the accounts signed in, each with its own Sign out, and a form that adds
// one more with another key. The key goes straight to Rust, as at sign-in, and is never handed
// back; Rust answers what is signed in now, and the inbox follows.
import { byId, clear, el } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').SessionInfo} SessionInfo */
/** @typedef {import('./types.js').AccountInfo} AccountInfo */

/** @param {AccountInfo} account */
export function accountKind(account) {
  return account.demo ? 'demo' : account.environment;
}

export class AccountSettings {
  /**
   * @param {object} hooks
   * @param {import('./types.js').ViewStore} hooks.store holds the session
   * @param {(session: SessionInfo) => void} hooks.onChanged an account was added or signed out of
   */
  constructor({ store, onChanged }) {
    this.store = store;
    this.onChanged = onChanged;
    this.form = /** @type {HTMLFormElement} */ (byId('account-form'));
    this.name = /** @type {HTMLInputElement} */ (byId('account-name'));
    this.key = /** @type {HTMLInputElement} */ (byId('account-key'));
    this.error = byId('account-error');
    this.keep = /** @type {HTMLButtonElement} */ (byId('account-keep-until-quit'));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.add(false);
    });
    this.keep.addEventListener('click', () => this.add(true));
    store.subscribe((state, previous) => {
      if (state.session !== previous.session) this.render();
    });
  }

  render() {
    const accounts = this.store.get().session?.accounts ?? [];
    const list = byId('account-list');
    clear(list);
    for (const account of accounts) {
      const kind = accountKind(account);
      list.append(el('li', { className: 'account-row', dataset: { account: account.id } }, [
        el('span', { className: 'account-name', text: account.name }),
        el('span', { className: 'badge', text: t(`account.${kind}`), dataset: { kind } }),
        account.keyInMemory ? el('span', { className: 'muted', text: t('accounts.untilQuit') }) : null,
        el('button', {
          text: t('sidebar.signOut'),
          attrs: { type: 'button', class: 'secondary', 'aria-label': t('accounts.signOutOf', { name: account.name }) },
          on: { click: () => this.signOut(account) },
        }),
      ]));
    }
  }

  /** @param {boolean} keepUntilQuit */
  async add(keepUntilQuit) {
    this.error.hidden = true;
    this.keep.hidden = true;
    const button = /** @type {HTMLButtonElement} */ (byId('account-add'));
    button.disabled = true;
    byId('account-status').textContent = t('signin.checking');
    try {
      const session = await call(Commands.SignIn, { key: this.key.value, keepUntilQuit, name: this.name.value.trim() || null });
      this.key.value = '';
      this.name.value = '';
      const added = session.accounts[session.accounts.length - 1];
      byId('account-status').textContent = t('accounts.added', { name: added?.name ?? '' });
      this.onChanged(session);
    } catch (error) {
      byId('account-status').textContent = '';
      this.error.textContent = errorMessage(error);
      this.error.hidden = false;
      // No keyring to keep the key in: offer memory, never the disk.
      this.keep.hidden = /** @type {{ kind?: string }} */ (error)?.kind !== 'keyring';
      (this.keep.hidden ? this.key : this.keep).focus();
    } finally {
      button.disabled = false;
    }
  }

  /** @param {AccountInfo} account */
  async signOut(account) {
    try {
      const session = await call(Commands.SignOut, { account: account.id });
      byId('account-status').textContent = t('accounts.signedOut', { name: account.name });
      this.onChanged(session);
    } catch (error) {
      byId('account-status').textContent = errorMessage(error);
    }
  }
}
