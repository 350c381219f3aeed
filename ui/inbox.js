// @ts-check
import { NO_ATTENTION, loadAttention } from './attention.js';
import { byId } from './dom.js';
import { Commands, Events, call, listen } from './ipc.js';
import { createStore } from './store.js';
import { ConversationList } from './list.js';
import { Conversations } from './conversations.js';
import { ThreadPane } from './thread-pane.js';
import { Filters } from './filters.js';
import { Settings } from './settings.js';
import { SettingsDialog } from './settings-dialog.js';
import { SpellingSettings } from './spelling.js';
import { NotificationSettings } from './notification-settings.js';
import { NO_SNIPPETS, SnippetSettings } from './snippet-settings.js';
import { AccountSettings } from './account-settings.js';
import { CommandPalette } from './palette.js';
import { ShortcutSheet } from './shortcut-sheet.js';
import { LanguageSetting } from './language.js';
import { focusKind, keyAction } from './keyboard.js';
import { ChangeQueue } from './sync-merge.js';
import { logFailure, showAccount, showBanner, showConnection, showFailure } from './notices.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').SessionInfo} SessionInfo */
/** @typedef {import('./types.js').InboxChange} InboxChange */

/// The three-pane inbox: filters, conversation list, thread. It holds view state only (in the
/// store); every fact comes from Rust commands and the sync engine's events.
export class Inbox {
  /**
   * @param {{ onSignedOut: () => void, popout?: boolean }} hooks `popout`: a conversation
   *   window, which shows one conversation and no list
   */
  constructor({ onSignedOut, popout = false }) {
    this.onSignedOut = onSignedOut;
    this.popout = popout;
    this.store = createStore(/** @type {import('./types.js').ViewState} */ ({
      filter: { status: null, q: '', workspaceId: null, hasAttention: null, account: null },
      workspaces: [], preferences: null, openId: null, attention: NO_ATTENTION, snippets: NO_SNIPPETS,
      snippetAccount: null, session: null,
    }));
    this.changes = new ChangeQueue();
    this.applying = false;
    const onIdle = () => this.applyChanges();
    this.list = new ConversationList({
      onOpen: (id) => this.thread.open(id),
      onNeedMore: () => this.conversations.loadMore(),
      onNeedPage: (cursor) => this.conversations.refill(cursor),
      showWorkspace: () => this.thread.showWorkspace(),
      accountName: (c) => this.thread.accountName(c),
    });
    this.conversations = new Conversations({
      store: this.store, list: this.list, onIdle, onUnauthorized: (reason) => this.signOut(reason),
    });
    /** @type {ThreadPane} */
    this.thread = new ThreadPane({ store: this.store, list: this.list, conversations: this.conversations, onIdle });
    this.filters = new Filters(this.store);
    this.settings = new Settings(this.store);
    this.settingsDialog = new SettingsDialog();
    this.spelling = new SpellingSettings();
    this.notificationSettings = new NotificationSettings(this.store);
    this.snippets = new SnippetSettings(this.store);
    this.accounts = new AccountSettings({ store: this.store, onChanged: (session) => this.sessionChanged(session) });
    this.shortcutSheet = new ShortcutSheet();
    this.palette = new CommandPalette({
      store: this.store,
      conversations: () => this.list.cached(),
      openConversation: (id) => this.thread.open(id),
      insertSnippet: (snippet) => this.thread.insertSnippet(snippet),
      canReply: () => this.thread.composer.writable,
      openSettings: () => this.settingsDialog.open(),
      showShortcuts: () => this.shortcutSheet.open(),
    });
    this.language = new LanguageSetting({
      // Rust keeps the draft; it only has to have the last keystrokes before the reload.
      beforeReload: async () => {
        await this.thread.composer.flushSave();
        return { openId: this.store.get().openId };
      },
    });
    this.store.subscribe((state, previous) => {
      // The "Needs a human" view is the server's to filter: it is read again when the queue changes.
      if (state.attention !== previous.attention) this.list.setNeedsHuman(state.attention.conversationIds);
      if (state.filter !== previous.filter || (state.filter.hasAttention && state.attention !== previous.attention)) this.conversations.reload();
    });
    byId('signout-button').addEventListener('click', () => this.signOut());
    document.addEventListener('keydown', (event) => this.onKey(event));
    listen(Events.InboxChanged, (change) => this.onInboxChanged(change));
    document.addEventListener('visibilitychange', () => this.applyChanges());
    listen(Events.ConnectionChanged, showConnection);
    // A notification's click is the inbox's to show.
    if (!popout) listen(Events.OpenConversation, (id) => this.openById(id));
    listen(Events.ConversationUpdated, (update) => this.onConversationUpdated(update));
    listen(Events.PreferencesChanged, () => this.settings.loadPreferences());
    listen(Events.AttentionChanged, (attention) => this.store.set({ attention }));
    listen(Events.SessionEnded, (payload) => this.leave(payload?.reason ?? t('session.ended')));
    listen(Events.AccountEnded, (payload) => {
      showBanner('list-banner', t('account.ended', { name: payload.name, reason: payload.reason }));
      this.sessionChanged(payload.session);
    });
    byId('popout-button').addEventListener('click', () => this.popOut());
  }

  /// What is signed in: the badge, the account filter, whose snippets are shown. The account
  /// whose snippets were shown stays chosen while it is signed in.
  /** @param {SessionInfo} session */
  setSession(session) {
    const { snippetAccount } = this.store.get();
    const kept = session.accounts.some((a) => a.id === snippetAccount);
    this.store.set({ session, snippetAccount: kept ? snippetAccount : session.accounts[0]?.id ?? null });
    showAccount(session);
  }

  /// The open conversation in a window of its own; the inbox stays as it is.
  async popOut() {
    const conversation = this.thread.current();
    if (!conversation || this.popout) return;
    try {
      await call(Commands.OpenConversationWindow, { conversation });
    } catch (error) {
      showFailure('thread-banner', t('thread.popOutFailed'), error);
    }
  }

  /// An account was added, signed out of, or lost its key, and others may remain.
  /** @param {SessionInfo} session */
  async sessionChanged(session) {
    if (!session.signedIn) {
      this.leave();
      return;
    }
    this.setSession(session);
    const open = this.thread.conversation;
    if (open && !session.accounts.some((a) => a.id === open.account)) {
      // A conversation window of that account has nothing left to show.
      if (this.popout) {
        this.onSignedOut();
        return;
      }
      this.thread.close();
    }
    if (this.popout) return;
    await this.filters.loadWorkspaces();
    await Promise.all([this.conversations.reload(), loadAttention(this.store)]);
  }

  /**
   * @param {SessionInfo} session
   * @param {import('./language.js').RestoreState | null} [restore] the view before a language
   *   change reloaded the window: its conversation opens again, and the settings where the
   *   change was made
   */
  async start(session, restore = null) {
    this.setSession(session);
    this.thread.composer.setCanWrite(session.accounts[0]?.canWrite !== false);
    this.thread.close();
    // The first page is asked for alongside the settings: start-up waits for one round trip.
    const firstPage = this.conversations.askFirstPage();
    await Promise.all([
      this.settings.loadPreferences(), this.settings.loadAutostart(), this.spelling.load(), this.filters.loadWorkspaces(),
      loadAttention(this.store),
    ]);
    await this.conversations.reload(firstPage);
    if (!restore) return;
    if (restore.openId) await this.openById(restore.openId);
    this.settingsDialog.open();
    byId('language-select').focus();
  }

  /// The conversation window's start: the settings its thread needs, then its conversation.
  /**
   * @param {SessionInfo} session
   * @param {import('./types.js').ConversationView} conversation
   */
  async startPopout(session, conversation) {
    this.setSession(session);
    await Promise.all([this.settings.loadPreferences(), this.filters.loadWorkspaces(), loadAttention(this.store)]);
    await this.thread.open(conversation.id, conversation);
  }

  /// Another window (or this one) acted on a conversation or read it: the row and the open
  /// thread show it too.
  /** @param {import('./bindings.js').ConversationUpdated} update */
  onConversationUpdated(update) {
    const id = update.conversationId;
    if (update.read) {
      if (this.list.get(id)?.unread) this.list.update(id, { unread: false });
      return;
    }
    if (update.patch) this.thread.patched(id, update.patch);
  }

  /// A notification was clicked: show that conversation, even if the filter hides it.
  /** @param {string | null} id */
  async openById(id) {
    if (!id || byId('app-view').hidden) return;
    if (!this.list.get(id)) {
      this.filters.showEverything();
      await this.conversations.reloaded;
    }
    if (this.list.get(id)) await this.thread.open(id);
  }

  /** @param {InboxChange} change */
  onInboxChanged(change) {
    this.changes.add(change);
    this.applyChanges();
  }

  /// Changes wait while a page or the thread loads, then all that came meanwhile apply at once.
  /// They also wait while the window is out of sight (in the tray, minimised, covered): each
  /// brings a page over IPC that no one would see, and WebKit holds what every call leaves
  /// behind until JavaScript's collector next runs; notifications, the tray and the title come
  /// from the engine meanwhile. The window is brought up to date the moment it is seen.
  async applyChanges() {
    if (document.hidden || this.applying || this.conversations.loading || this.thread.loading || this.changes.empty) return;
    const change = this.changes.take();
    this.applying = true;
    try {
      // A conversation window has no list to bring up to date, only its thread.
      if (!this.popout) await this.conversations.applyChange();
      const openId = this.store.get().openId;
      if (openId && change?.conversationIds.includes(openId)) await this.thread.refresh();
    } catch (error) {
      // The next change or poll reads the list again; the offline banner covers outages.
      logFailure('The list could not be brought up to date', error);
    } finally {
      this.applying = false;
      this.applyChanges();
    }
  }

  /** @param {KeyboardEvent} event */
  onKey(event) {
    const focus = focusKind(event.target instanceof HTMLElement ? event.target : null);
    const action = keyAction(event, {
      inboxShown: !byId('app-view').hidden, focus, hasSelection: Boolean(this.list.selectedId), hasOpen: Boolean(this.store.get().openId),
    });
    if (action === null) return;
    event.preventDefault();
    switch (action) {
      case 'closeWindow':
        call(Commands.CloseWindow).catch((error) => logFailure('The window could not be closed', error));
        break;
      case 'leaveSearch': byId('conversation-list').focus(); break;
      case 'next': this.list.move(1); break;
      case 'previous': this.list.move(-1); break;
      case 'open': if (this.list.selectedId) this.thread.open(this.list.selectedId); break;
      case 'search': byId('search').focus(); break;
      case 'reply': this.thread.composer.focus(); break;
      case 'popOut': this.popOut(); break;
      case 'palette': this.palette.open(); break;
      case 'shortcuts': this.shortcutSheet.open(); break;
    }
  }

  /// Back to sign-in (the session is over in Rust already), saying why if it was not asked for.
  /** @param {string} [reason] why, when the user did not ask for it */
  leave(reason) {
    if (this.popout) {
      this.onSignedOut();
      return;
    }
    this.conversations.forget();
    this.changes.take();
    this.thread.close();
    this.settingsDialog.close();
    this.palette.close();
    this.store.set({ snippets: NO_SNIPPETS, snippetAccount: null, session: null });
    this.onSignedOut();
    if (reason) {
      byId('signin-error').textContent = reason;
      byId('signin-error').hidden = false;
    }
  }

  /** @param {string} [reason] */
  async signOut(reason) {
    try {
      await call(Commands.SignOut, { account: null });
    } catch (error) {
      showFailure('list-banner', t('failure.signOut'), error);
      return;
    }
    this.leave(reason);
  }
}
