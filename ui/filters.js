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

/// The sidebar's status tabs, the search box and the workspace picker. They only write the
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
    const select = byId('workspace-select');
    clear(select);
    select.append(el('option', { text: t('filter.allWorkspaces'), attrs: { value: '' } }));
    for (const w of workspaces) select.append(el('option', { text: w.name, attrs: { value: w.id } }));
    byId('workspace-filter').hidden = workspaces.length < 2;
    this.store.set({ workspaces });
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
