// @ts-check
import { el, clear, byId } from './dom.js';
import { Commands, asUiError, call } from './ipc.js';
import { tabKeyTarget } from './keyboard.js';
import { logFailure, showFailure } from './notices.js';
import { t } from './i18n.js';

const SEARCH_DELAY_MS = 250;
// Only the list filter's own vocabulary is ever sent as a filter: other values may be refused.
// The last tab is the queue of conversations with open attention items ("a human is needed").
/** @type {{ id: string, label: string, status: string | null, hasAttention: boolean | null }[]} the labels are catalog keys */
const TABS = [
  { id: 'all', label: 'filter.all', status: null, hasAttention: null },
  { id: 'open', label: 'status.open', status: 'open', hasAttention: null },
  { id: 'in_progress', label: 'status.in_progress', status: 'in_progress', hasAttention: null },
  { id: 'awaiting_contact', label: 'status.awaiting_contact', status: 'awaiting_contact', hasAttention: null },
  { id: 'resolved', label: 'status.resolved', status: 'resolved', hasAttention: null },
  { id: 'attention', label: 'attention.heading', status: null, hasAttention: true },
];

/**
 * Whether a workspace id (qualified by Rust as `account|id`) is of `account`.
 * @param {string} workspaceId
 * @param {string} account
 */
export function workspaceOf(workspaceId, account) {
  return workspaceId.startsWith(`${account}|`);
}

/**
 * A workspace's name, after its account's when several accounts are signed in.
 * @param {import('./types.js').Workspace} workspace
 * @param {import('./types.js').AccountInfo[]} accounts
 */
export function workspaceLabel(workspace, accounts) {
  if (accounts.length < 2) return workspace.name;
  const account = accounts.find((a) => workspaceOf(workspace.id, a.id));
  return account ? `${account.name} · ${workspace.name}` : workspace.name;
}

/// The sidebar's status tabs, the search box, the account and the workspace picker. They only write the
/// filter into the store; whoever lists conversations listens there.
export class Filters {
  /** @param {import('./types.js').ViewStore} store */
  constructor(store) {
    this.store = store;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let searchTimer;
    byId('search').addEventListener('input', (event) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => this.change({ q: /** @type {HTMLInputElement} */ (event.target).value.trim() }), SEARCH_DELAY_MS);
    });
    byId('workspace-select').addEventListener('change', (event) => {
      this.change({ workspaceId: /** @type {HTMLSelectElement} */ (event.target).value || null });
    });
    byId('account-select').addEventListener('change', (event) => {
      // A workspace belongs to one account: choosing another account leaves it.
      this.change({ account: /** @type {HTMLSelectElement} */ (event.target).value || null, workspaceId: null });
      this.renderWorkspaces();
    });
    byId('status-tabs').addEventListener('keydown', (event) => this.onTabKey(event));
    store.subscribe((state, previous) => {
      if (state.filter.status !== previous.filter.status || state.filter.hasAttention !== previous.filter.hasAttention
        || state.attention.open !== previous.attention.open) this.renderTabs();
    });
    this.renderTabs();
  }

  /** @param {Partial<import('./types.js').Filter>} patch */
  change(patch) {
    this.store.set((state) => ({ filter: { ...state.filter, ...patch } }));
  }

  /// A notification was clicked: its conversation may be hidden by the status or the search.
  showEverything() {
    /** @type {HTMLInputElement} */ (byId('search')).value = '';
    this.change({ status: null, hasAttention: null, q: '' });
  }

  async loadWorkspaces() {
    /** @type {import('./types.js').Workspace[]} */
    let workspaces = [];
    try {
      workspaces = await call(Commands.ListWorkspaces);
    } catch (error) {
      // A key without workspaces:read is already explained by the scope notice.
      if (asUiError(error)?.kind === 'forbidden') logFailure('Workspaces could not be listed', error);
      else showFailure('list-banner', t('failure.workspaces'), error);
    }
    this.store.set({ workspaces });
    this.renderAccounts();
    this.renderWorkspaces();
  }

  /// With several accounts, "All accounts" or one of them; hidden with one.
  renderAccounts() {
    const { session, filter } = this.store.get();
    const accounts = session?.accounts ?? [];
    // An account signed out of since it was chosen is no filter any more.
    if (filter.account && !accounts.some((a) => a.id === filter.account)) this.change({ account: null, workspaceId: null });
    const select = /** @type {HTMLSelectElement} */ (byId('account-select'));
    clear(select);
    select.append(el('option', { text: t('filter.allAccounts'), attrs: { value: '' } }));
    for (const a of accounts) select.append(el('option', { text: a.name, attrs: { value: a.id } }));
    select.value = this.store.get().filter.account ?? '';
    byId('account-filter').hidden = accounts.length < 2;
  }

  /// The chosen account's workspaces, or every account's, named with their account's name when
  /// several are signed in.
  renderWorkspaces() {
    const { workspaces, session, filter } = this.store.get();
    const accounts = session?.accounts ?? [];
    const shown = workspaces.filter((w) => !filter.account || workspaceOf(w.id, filter.account));
    const select = /** @type {HTMLSelectElement} */ (byId('workspace-select'));
    clear(select);
    select.append(el('option', { text: t('filter.allWorkspaces'), attrs: { value: '' } }));
    for (const w of shown) {
      const text = filter.account ? w.name : workspaceLabel(w, accounts);
      select.append(el('option', { text, attrs: { value: w.id } }));
    }
    select.value = filter.workspaceId ?? '';
    byId('workspace-filter').hidden = shown.length < 2;
  }

  /// The ARIA tabs pattern: one tab in the Tab order (roving tabindex), arrows move and select.
  renderTabs() {
    const { filter, attention } = this.store.get();
    const tabs = byId('status-tabs');
    const focused = tabs.contains(document.activeElement);
    clear(tabs);
    let current = TABS[0];
    for (const tab of TABS) {
      const selected = tab.status === filter.status && tab.hasAttention === (filter.hasAttention ?? null);
      if (selected) current = tab;
      const count = tab.hasAttention && attention.open > 0 ? String(attention.open) : null;
      const button = el('button', {
        className: `tab${selected ? ' selected' : ''}`,
        attrs: {
          type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-selected': selected ? 'true' : 'false',
          'aria-controls': 'list-scroller', tabindex: selected ? '0' : '-1',
        },
        on: { click: () => this.change({ status: tab.status, hasAttention: tab.hasAttention }) },
      }, [
        el('span', { text: t(tab.label) }),
        count ? el('span', { className: 'tab-count', text: count, attrs: { 'aria-label': t('filter.openCount', { count: attention.open }) } }) : null,
      ]);
      tabs.append(button);
      if (selected && focused) button.focus();
    }
    byId('list-scroller').setAttribute('aria-labelledby', `tab-${current.id}`);
  }

  /** @param {KeyboardEvent} event */
  onTabKey(event) {
    const tabs = [...byId('status-tabs').children];
    const index = tabs.indexOf(/** @type {Element} */ (event.target));
    const target = index < 0 ? null : tabKeyTarget(event.key, index, tabs.length);
    if (target === null) return;
    event.preventDefault();
    this.change({ status: TABS[target].status, hasAttention: TABS[target].hasAttention });
  }
}
