// @ts-check
// The command palette (Ctrl+K): a modal with a filter field over every action the window
// offers and every loaded conversation. Enter runs the highlighted one, Escape closes, and
// focus goes back to where it was before the action runs. The actions press the window's own
// buttons and switches, so the palette offers exactly what they would do, and only while they
// are shown.
import { byId } from './dom.js';
import { Listbox } from './listbox.js';
import { rankByQuery } from './snippets.js';
import { workspaceLabel } from './filters.js';
import { t } from './i18n.js';

/** @typedef {{ label: string, detail?: string, extra?: string, run: () => void }} PaletteCommand */
/** @typedef {import('./types.js').ConversationView} ConversationView */

/** Enough to find anything by typing; a longer list is only scrolled past. */
const MAX_SHOWN = 60;

/** The window's buttons the palette offers, by id (with the catalog key of what it says), while they are shown and enabled. */
const BUTTONS = [
  ['take-over-button', 'palette.takeOver'],
  ['release-button', 'palette.release'],
  ['resolve-button', 'palette.resolve'],
  ['approve-button', 'palette.approve'],
  ['popout-button', 'thread.popOutLabel'],
  ['new-conversation-button', 'list.newLabel'],
];

/** @param {HTMLElement} element */
const shown = (element) => element.getClientRects().length > 0 && !(/** @type {HTMLButtonElement} */ (element).disabled);

export class CommandPalette {
  /**
   * @param {object} hooks
   * @param {import('./types.js').ViewStore} hooks.store
   * @param {() => Iterable<ConversationView>} hooks.conversations the conversations the list holds
   * @param {(id: string) => void} hooks.openConversation
   * @param {(snippet: import('./bindings.js').Snippet) => void} hooks.insertSnippet
   * @param {() => boolean} hooks.canReply a conversation is open and the key may write
   * @param {() => void} hooks.openSettings
   * @param {() => void} hooks.showShortcuts
   */
  constructor(hooks) {
    this.hooks = hooks;
    this.dialog = /** @type {HTMLDialogElement} */ (byId('palette'));
    this.input = /** @type {HTMLInputElement} */ (byId('palette-input'));
    /** @type {PaletteCommand[]} */
    this.shown = [];
    /** @type {PaletteCommand[]} */
    this.commands = [];
    /** @type {HTMLElement | null} */
    this.returnFocus = null;
    /** @type {PaletteCommand | null} runs once the palette is closed and focus is back */
    this.chosen = null;
    this.listbox = new Listbox({
      input: this.input, list: byId('palette-options'), idPrefix: 'palette-option',
      onChoose: (index) => this.run(index),
    });
    this.input.addEventListener('input', () => this.render());
    this.input.addEventListener('keydown', (event) => this.listbox.onKey(event));
    this.dialog.addEventListener('close', () => {
      this.returnFocus?.focus();
      const chosen = this.chosen;
      this.chosen = null;
      chosen?.run();
    });
  }

  open() {
    if (this.dialog.open) return;
    this.returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.commands = this.gather();
    this.input.value = '';
    this.dialog.showModal();
    this.render();
    this.input.focus();
  }

  close() {
    this.dialog.close();
  }

  render() {
    const query = this.input.value.trim();
    const matching = rankByQuery(this.commands, query, (c) => ({ label: c.label, extra: c.extra }));
    this.shown = matching.slice(0, MAX_SHOWN);
    if (query) this.shown.push(this.searchFor(query));
    this.listbox.show(this.shown);
    byId('palette-empty').hidden = this.shown.length > 0;
  }

  /** @param {number} index */
  run(index) {
    this.chosen = this.shown[index] ?? null;
    this.dialog.close();
  }

  /** @returns {PaletteCommand[]} every command that can run now */
  gather() {
    const { hooks } = this;
    const { workspaces, snippets, filter, session } = hooks.store.get();
    const accounts = session?.accounts ?? [];
    /** @type {PaletteCommand[]} */
    const commands = [];
    /** @param {string} id @param {string} label */
    const press = (id, label) => {
      const button = byId(id);
      if (shown(button)) commands.push({ label, run: () => button.click() });
    };
    for (const [id, key] of BUTTONS) press(id, t(key));
    const mute = byId('mute-button');
    if (shown(mute)) {
      commands.push({ label: mute.getAttribute('aria-pressed') === 'true' ? t('palette.unmute') : t('palette.mute'), run: () => mute.click() });
    }
    const pause = /** @type {HTMLInputElement} */ (byId('pause-switch'));
    if (!pause.disabled) {
      commands.push({ label: pause.checked ? t('palette.resume') : t('palette.pause'), run: () => pause.click() });
    }
    for (const tab of byId('status-tabs').querySelectorAll('[role=tab]')) {
      const label = tab.firstElementChild?.textContent ?? '';
      commands.push({ label: t('palette.show', { view: label }), detail: t('palette.statusView'), run: () => /** @type {HTMLElement} */ (tab).click() });
    }
    /** @param {string} id @param {string} value */
    const pick = (id, value) => {
      const select = /** @type {HTMLSelectElement} */ (byId(id));
      select.value = value;
      select.dispatchEvent(new Event('change'));
    };
    if (accounts.length > 1) {
      if (filter.account !== null) commands.push({ label: t('filter.allAccounts'), detail: t('sidebar.account'), run: () => pick('account-select', '') });
      for (const account of accounts) {
        if (account.id !== filter.account) commands.push({ label: t('palette.switchTo', { name: account.name }), detail: t('sidebar.account'), run: () => pick('account-select', account.id) });
      }
    }
    if (workspaces.length > 1) {
      // Every account's workspaces are offered: the account filter opens to all first.
      const choose = (/** @type {string} */ value) => () => {
        if (filter.account !== null) pick('account-select', '');
        pick('workspace-select', value);
      };
      if (filter.workspaceId !== null) commands.push({ label: t('palette.allWorkspaces'), detail: t('palette.workspace'), run: choose('') });
      for (const workspace of workspaces) {
        if (workspace.id !== filter.workspaceId) commands.push({ label: t('palette.switchTo', { name: workspaceLabel(workspace, accounts) }), detail: t('palette.workspace'), run: choose(workspace.id) });
      }
    }
    if (hooks.canReply()) {
      for (const snippet of snippets.snippets) {
        commands.push({ label: t('palette.insertSnippet', { name: snippet.name }), detail: snippet.text.slice(0, 120), extra: snippet.text, run: () => hooks.insertSnippet(snippet) });
      }
    }
    commands.push({ label: t('settings.title'), detail: `${t('shortcut.ctrl')}+,`, run: () => hooks.openSettings() });
    commands.push({ label: t('shortcut.title'), detail: '?', run: () => hooks.showShortcuts() });
    commands.push({ label: t('sidebar.signOut'), run: () => byId('signout-button').click() });
    for (const conversation of hooks.conversations()) {
      const name = conversation.contactName || conversation.contactEmail || t('contact.unknown');
      commands.push({
        label: name,
        detail: t('palette.openConversation', { preview: conversation.lastMessagePreview ?? '' }),
        extra: `${conversation.contactEmail ?? ''} ${conversation.accountName ?? ''}`,
        run: () => hooks.openConversation(conversation.id),
      });
    }
    return commands;
  }

  /**
   * The server search, for a conversation the loaded list does not have.
   * @param {string} query
   * @returns {PaletteCommand}
   */
  searchFor(query) {
    return {
      label: t('palette.searchFor', { query }),
      run: () => {
        const search = /** @type {HTMLInputElement} */ (byId('search'));
        search.value = query;
        search.dispatchEvent(new Event('input'));
        search.focus();
      },
    };
  }
}
