import { el, clear, byId } from './dom.js';
import { call, errorMessage } from './ipc.js';
import { ConversationList } from './list.js';
import { renderThread, renderThreadHeader } from './thread.js';
import { Composer } from './composer.js';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 250;
// Only the list filter's own vocabulary is ever sent as a filter: other values may be refused.
const TABS = [
  [null, 'All'],
  ['open', 'Open'],
  ['in_progress', 'In progress'],
  ['awaiting_contact', 'Awaiting contact'],
  ['resolved', 'Resolved'],
];

/// The three-pane inbox: filters, conversation list, thread. It holds view state only; every
/// fact comes from Rust commands and the sync engine's events.
export class Inbox {
  constructor({ onSignedOut }) {
    this.onSignedOut = onSignedOut;
    this.filter = { status: null, q: '', workspaceId: null };
    this.workspaces = [];
    this.nextCursor = null;
    this.loading = false;
    this.generation = 0;
    this.openId = null;
    this.messages = [];
    this.pending = [];
    this.list = new ConversationList({
      onOpen: (id) => this.open(id),
      onNeedMore: () => this.loadMore(),
      showWorkspace: () => this.workspaces.length > 1 && this.filter.workspaceId === null,
    });
    this.composer = new Composer({
      onSending: (id, content) => this.showPending(id, content),
      onChecking: (id) => this.showChecking(id),
      onSent: (id) => this.afterSend(id),
      onFailed: (id) => this.dropPending(id),
      onTakeOverAndSend: () => this.takeOverAndSend(),
      conversation: (id) => this.list.get(id),
      onLeave: () => byId('conversation-list').focus(),
    });
    this.wireControls();
    this.wireKeyboard();
    window.__TAURI__.event.listen('inbox-changed', (event) => this.onInboxChanged(event.payload));
    window.__TAURI__.event.listen('connection-changed', (event) => this.showConnection(event.payload));
    window.__TAURI__.event.listen('open-conversation', (event) => this.openById(event.payload));
    window.__TAURI__.event.listen('preferences-changed', () => this.loadPreferences());
    window.__TAURI__.event.listen('session-ended', (event) => this.sessionEnded(event.payload?.reason));
  }

  async start(session) {
    this.session = session;
    const badge = byId('environment-badge');
    badge.textContent = session.demo ? 'Demo workspace' : session.environment === 'live' ? 'Live' : 'Test';
    badge.dataset.kind = session.demo ? 'demo' : session.environment;
    this.composer.setCanWrite(session.canWrite !== false);
    this.showMissingScopes(session.missingScopes ?? []);
    this.closeThread();
    // The first page is asked for alongside the settings: start-up waits for one round trip.
    const firstPage = call('list_conversations', { query: this.query(null) });
    firstPage.catch(() => {});
    await Promise.all([this.loadPreferences(), this.loadAutostart(), this.loadWorkspaces()]);
    this.renderTabs();
    await this.reload(firstPage);
  }

  wireControls() {
    let searchTimer = null;
    byId('search').addEventListener('input', (event) => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => {
        this.filter.q = event.target.value.trim();
        this.reload();
      }, SEARCH_DELAY_MS);
    });
    byId('workspace-select').addEventListener('change', (event) => {
      this.filter.workspaceId = event.target.value || null;
      this.reload();
    });
    byId('signout-button').addEventListener('click', () => this.signOut());
    byId('take-over-button').addEventListener('click', () => this.act('take_over'));
    byId('release-button').addEventListener('click', () => this.act('release'));
    byId('resolve-button').addEventListener('click', () => this.act('resolve'));
    byId('mute-button').addEventListener('click', () => this.toggleMute());
    byId('autostart-switch').addEventListener('change', async (event) => {
      try {
        event.target.checked = await call('set_launch_at_login', { enabled: event.target.checked });
      } catch (error) {
        event.target.checked = !event.target.checked;
        byId('list-banner').textContent = errorMessage(error);
        byId('list-banner').hidden = false;
      }
    });
    byId('pause-switch').addEventListener('change', (event) => {
      call('set_paused', { paused: event.target.checked }).then((p) => this.applyPreferences(p)).catch(() => {});
    });
  }

  async loadAutostart() {
    const box = byId('autostart-switch');
    try {
      box.checked = await call('get_launch_at_login');
    } catch {
      box.disabled = true;
    }
  }

  async loadPreferences() {
    try {
      this.applyPreferences(await call('get_preferences'));
    } catch {
      // The switches keep their last state; nothing else depends on them here.
    }
  }

  applyPreferences(preferences) {
    this.preferences = preferences;
    byId('pause-switch').checked = preferences.paused;
    this.renderMute();
  }

  renderMute() {
    const muted = Boolean(this.openId && this.preferences?.muted?.includes(this.openId));
    const button = byId('mute-button');
    button.textContent = muted ? 'Unmute' : 'Mute';
    button.setAttribute('aria-pressed', muted ? 'true' : 'false');
  }

  async toggleMute() {
    if (!this.openId) return;
    const muted = !this.preferences?.muted?.includes(this.openId);
    try {
      this.applyPreferences(await call('set_muted', { conversationId: this.openId, muted }));
    } catch (error) {
      byId('thread-banner').textContent = errorMessage(error);
      byId('thread-banner').hidden = false;
    }
  }

  /// A notification was clicked: show that conversation, even if the filter hides it.
  async openById(id) {
    if (!id || byId('app-view').hidden) return;
    if (!this.list.get(id)) {
      this.filter = { ...this.filter, status: null, q: '' };
      byId('search').value = '';
      this.renderTabs();
      await this.reload();
    }
    if (this.list.get(id)) await this.open(id);
  }

  wireKeyboard() {
    document.addEventListener('keydown', (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'w') {
        event.preventDefault();
        call('hide_window').catch(() => {});
        return;
      }
      if (byId('app-view').hidden || event.ctrlKey || event.metaKey || event.altKey) return;
      const typing = event.target instanceof HTMLElement && event.target.matches('input, textarea, select');
      if (typing) {
        if (event.key === 'Escape' && event.target.id === 'search') byId('conversation-list').focus();
        return;
      }
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        this.list.move(1);
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        this.list.move(-1);
      } else if (event.key === 'Enter' && this.list.selectedId) {
        event.preventDefault();
        this.open(this.list.selectedId);
      } else if (event.key === '/') {
        event.preventDefault();
        byId('search').focus();
      } else if (event.key === 'r' && this.openId) {
        event.preventDefault();
        this.composer.focus();
      }
    });
  }

  async loadWorkspaces() {
    try {
      this.workspaces = await call('list_workspaces');
    } catch {
      this.workspaces = [];
    }
    const select = byId('workspace-select');
    clear(select);
    select.append(el('option', { text: 'All workspaces', attrs: { value: '' } }));
    for (const w of this.workspaces) select.append(el('option', { text: w.name, attrs: { value: w.id } }));
    byId('workspace-filter').hidden = this.workspaces.length < 2;
  }

  /// Says once, at sign-in, what the key cannot do and what that costs.
  showMissingScopes(missing) {
    const notice = byId('scope-notice');
    notice.hidden = missing.length === 0;
    notice.textContent = missing.length === 0 ? '' : `This API key lacks ${missing.map((m) => `${m.scope} (${m.effect})`).join('; ')}.`;
  }

  renderTabs() {
    const tabs = byId('status-tabs');
    clear(tabs);
    for (const [status, label] of TABS) {
      const selected = status === this.filter.status;
      tabs.append(el('button', {
        className: `tab${selected ? ' selected' : ''}`,
        text: label,
        attrs: { type: 'button', role: 'tab', 'aria-selected': selected ? 'true' : 'false' },
        on: {
          click: () => {
            this.filter.status = status;
            this.renderTabs();
            this.reload();
          },
        },
      }));
    }
  }

  query(cursor) {
    return { ...this.filter, cursor: cursor ?? null, limit: PAGE_SIZE };
  }

  /// Starts the list over for the current filter, with its first page if already asked for.
  async reload(firstPage = null) {
    const generation = ++this.generation;
    this.loading = true;
    this.nextCursor = null;
    this.list.setItems([]);
    this.list.setState('Loading conversations…');
    try {
      const page = await (firstPage ?? call('list_conversations', { query: this.query(null) }));
      if (generation !== this.generation) return;
      this.list.setItems(page.data);
      this.nextCursor = page.nextCursor ?? null;
      this.noteSkipped(page);
      this.list.setState(page.data.length === 0 ? this.emptyText() : '');
    } catch (error) {
      if (generation !== this.generation) return;
      this.showListError(error);
    } finally {
      this.loaded(generation);
    }
  }

  loaded(generation) {
    if (generation !== this.generation) return;
    this.loading = false;
    if (this.nextCursor && this.list.endIsNear()) setTimeout(() => this.loadMore(), 0);
  }

  /// Rows the app could not read are left out of the list, but not silently.
  noteSkipped(page) {
    if (!page.skipped) return;
    const banner = byId('list-banner');
    banner.textContent = `${page.skipped} conversation${page.skipped === 1 ? '' : 's'} could not be read and ${page.skipped === 1 ? 'is' : 'are'} not shown.`;
    banner.hidden = false;
  }

  emptyText() {
    return this.filter.q ? `No conversations match “${this.filter.q}”.` : 'No conversations here yet.';
  }

  showListError(error) {
    this.list.setState(`Could not load conversations: ${errorMessage(error)}`, 'error');
    const state = byId('list-state');
    state.append(' ', el('button', { text: 'Retry', attrs: { type: 'button' }, on: { click: () => this.reload() } }));
    if (error?.kind === 'unauthorized') this.signOut(errorMessage(error));
  }

  async loadMore() {
    if (this.loading || !this.nextCursor) return;
    const generation = this.generation;
    this.loading = true;
    this.list.setState('Loading more…');
    try {
      const page = await call('list_conversations', { query: this.query(this.nextCursor) });
      if (generation !== this.generation) return;
      this.list.append(page.data);
      this.nextCursor = page.nextCursor ?? null;
      this.noteSkipped(page);
      this.list.setState('');
    } catch (error) {
      if (generation === this.generation) this.showListError(error);
    } finally {
      this.loaded(generation);
    }
  }

  /// The sync engine saw changes: re-read the first page for this filter and merge it in place,
  /// so scroll position and selection survive.
  async onInboxChanged(change) {
    if (this.loading) return;
    const generation = this.generation;
    try {
      const page = await call('list_conversations', { query: this.query(null) });
      if (generation !== this.generation) return;
      const fresh = new Set(page.data.map((c) => c.id));
      const rest = this.list.items.filter((c) => !fresh.has(c.id));
      const scroller = byId('list-scroller');
      const top = scroller.scrollTop;
      this.list.setItems([...page.data, ...rest]);
      scroller.scrollTop = top;
      if (page.data.length > 0) this.list.setState('');
    } catch {
      return;
    }
    if (this.openId && change?.conversationIds?.includes(this.openId)) this.refreshThread();
  }

  showConnection(state) {
    const banner = byId('list-banner');
    banner.hidden = state?.online !== false;
    banner.textContent = state?.online === false ? `Offline: ${state.reason ?? 'the server cannot be reached'}. Retrying…` : '';
  }

  closeThread() {
    this.openId = null;
    call('set_open_conversation', { conversationId: null }).catch(() => {});
    byId('thread').hidden = true;
    byId('thread-empty').hidden = false;
  }

  async open(id) {
    const conversation = this.list.get(id);
    if (!conversation) return;
    this.list.select(id);
    this.openId = id;
    this.pending = [];
    call('set_open_conversation', { conversationId: id }).catch(() => {});
    this.renderMute();
    byId('thread-empty').hidden = true;
    byId('thread').hidden = false;
    byId('thread-banner').hidden = true;
    renderThreadHeader(conversation, this.list.showWorkspace());
    clear(byId('messages'));
    byId('thread-state').textContent = 'Loading messages…';
    byId('thread-state').hidden = false;
    this.composer.open(id, conversation);
    await this.refreshThread();
  }

  async refreshThread() {
    const id = this.openId;
    const conversation = this.list.get(id);
    if (!id || !conversation) return;
    try {
      const messages = await call('get_messages', { conversationId: id });
      if (id !== this.openId) return;
      this.messages = messages;
      byId('thread-state').hidden = true;
      if (messages.length === 0) {
        byId('thread-state').textContent = 'No messages in this conversation yet.';
        byId('thread-state').hidden = false;
      }
      renderThread(conversation, messages, this.pending);
      await call('mark_read', { conversationId: id }).catch(() => {});
      if (conversation.unread) this.list.update(id, { unread: false });
    } catch (error) {
      if (id !== this.openId) return;
      byId('thread-state').textContent = `Could not load messages: ${errorMessage(error)}`;
      byId('thread-state').hidden = false;
    }
  }

  showPending(id, content) {
    if (id !== this.openId) return;
    this.pending = [{ content }];
    renderThread(this.list.get(id), this.messages, this.pending);
  }

  showChecking(id) {
    if (id !== this.openId || this.pending.length === 0) return;
    this.pending = this.pending.map((reply) => ({ ...reply, checking: true }));
    renderThread(this.list.get(id), this.messages, this.pending);
  }

  dropPending(id) {
    if (id !== this.openId) return;
    this.pending = [];
    renderThread(this.list.get(id), this.messages, this.pending);
  }

  async afterSend(id) {
    if (id !== this.openId) return;
    this.pending = [];
    await this.refreshThread();
  }

  async act(action) {
    const id = this.openId;
    if (!id) return;
    const banner = byId('thread-banner');
    banner.hidden = true;
    try {
      const conversation = await call(action, { conversationId: id });
      this.list.update(id, conversation);
      renderThreadHeader(this.list.get(id), this.list.showWorkspace());
      this.composer.updateButton();
      return true;
    } catch (error) {
      banner.textContent = errorMessage(error);
      banner.hidden = false;
      return false;
    }
  }

  async takeOverAndSend() {
    if (await this.act('take_over')) await this.composer.send();
  }

  /// The server stopped accepting the key: the session is over in Rust already.
  sessionEnded(reason) {
    this.generation++;
    this.closeThread();
    this.onSignedOut();
    byId('signin-error').textContent = reason ?? 'oHallo no longer accepts this API key. Sign in again.';
    byId('signin-error').hidden = false;
  }

  async signOut(reason) {
    try {
      await call('sign_out');
    } catch (error) {
      byId('thread-banner').textContent = `Sign-out failed: ${errorMessage(error)}`;
      byId('thread-banner').hidden = false;
      return;
    }
    this.generation++;
    this.closeThread();
    this.onSignedOut();
    if (reason) {
      byId('signin-error').textContent = reason;
      byId('signin-error').hidden = false;
    }
  }
}
