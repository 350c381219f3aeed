// @ts-check
import { byId } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { AttentionPanel } from './attention.js';
import { ThreadFiles, countLabel } from './attachments.js';
import { Composer } from './composer.js';
import { CustomerPanel } from './customer.js';
import { ResolveForm } from './resolve.js';
import { NewConversationForm } from './new-conversation.js';
import { SnippetPicker } from './snippet-picker.js';
import { fillSnippet, snippetValues } from './snippets.js';
import { hideBanner, logFailure, showFailure } from './notices.js';
import { matchesFilter } from './sync-merge.js';
import { forgetThread, renderThread, renderThreadHeader, useFiles } from './thread.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').ConversationView} ConversationView */
/** @typedef {import('./types.js').Message} Message */
/** A reply on its way, shown below the thread until it is in it. @typedef {{ content: string, checking?: boolean }} PendingReply */
/** @typedef {typeof Commands.TakeOver | typeof Commands.Release | typeof Commands.Resolve} ActionCommand */

/// The open conversation: its header and actions, its messages, and the composer's glue.
export class ThreadPane {
  /**
   * @param {object} parts
   * @param {import('./types.js').ViewStore} parts.store
   * @param {import('./list.js').ConversationList} parts.list
   * @param {import('./conversations.js').Conversations} parts.conversations
   * @param {() => void} parts.onIdle no load is under way any more
   */
  constructor({ store, list, conversations, onIdle }) {
    this.store = store;
    this.list = list;
    this.conversations = conversations;
    this.onIdle = onIdle;
    /** @type {ConversationView | null} the open row, kept should the list drop it */
    this.conversation = null;
    /** @type {Message[]} */
    this.messages = [];
    /** @type {PendingReply[]} */
    this.pending = [];
    this.loading = false;
    this.composer = new Composer({
      onSending: (id, content) => this.setPending(id, [{ content }], { stick: true }),
      onChecking: (id) => this.setPending(id, this.pending.map((reply) => ({ ...reply, checking: true }))),
      onSent: (id) => this.afterSend(id),
      onFailed: (id) => this.setPending(id, []),
      onTakeOverAndSend: () => this.takeOverAndSend(),
      conversation: (id) => (id === this.openId ? this.current() : null),
      onLeave: () => byId('conversation-list').focus(),
      onSnippets: (swallowed) => this.picker.open(swallowed),
    });
    this.picker = new SnippetPicker({
      store,
      onInsert: (snippet) => this.insertSnippet(snippet),
      onDismiss: (typed) => this.composer.resume(typed),
    });
    this.attention = new AttentionPanel({
      store,
      onApproved: () => this.refresh(),
      focusReply: () => this.composer.focus(),
    });
    this.files = new ThreadFiles({
      onCount: (count) => {
        const chip = byId('thread-files');
        chip.textContent = countLabel(count);
        chip.hidden = count === 0;
      },
    });
    useFiles(this.files);
    this.customer = new CustomerPanel({ onOpen: (conversation) => this.open(conversation.id, conversation) });
    this.newConversation = new NewConversationForm({
      store,
      onOpening: () => this.close(),
      onClosed: () => { byId('thread-empty').hidden = false; },
      onFound: (conversation) => this.open(conversation.id, conversation),
    });
    byId('take-over-button').addEventListener('click', () => this.act(Commands.TakeOver));
    byId('release-button').addEventListener('click', () => this.act(Commands.Release));
    this.resolveForm = new ResolveForm({ onResolve: (outcome) => this.act(Commands.Resolve, { outcome }) });
    byId('resolve-button').addEventListener('click', () => this.resolveForm.ask());
  }

  get openId() {
    return this.store.get().openId;
  }

  current() {
    return this.list.get(this.openId) ?? this.conversation;
  }

  /** @param {string | null} conversationId */
  tellRust(conversationId) {
    call(Commands.SetOpenConversation, { conversationId })
      .catch((error) => logFailure('Could not tell the app which conversation is open (it may notify for it)', error));
  }

  close() {
    this.store.set({ openId: null });
    this.conversation = null;
    forgetThread();
    this.attention.clear();
    this.files.clear();
    this.customer.clear();
    this.resolveForm.close(false);
    this.picker.close();
    this.tellRust(null);
    byId('thread').hidden = true;
    byId('thread-empty').hidden = false;
  }

  /**
   * @param {string} id
   * @param {ConversationView} [known] the conversation as another view has it, for one the list
   *   has not loaded (the customer panel's other conversations)
   */
  async open(id, known) {
    const listed = this.list.get(id);
    const conversation = listed ?? known;
    if (!conversation) return;
    if (listed) this.list.select(id);
    this.store.set({ openId: id });
    this.conversation = conversation;
    this.messages = [];
    this.pending = [];
    this.tellRust(id);
    byId('thread-empty').hidden = true;
    byId('thread').hidden = false;
    hideBanner('thread-banner');
    renderThreadHeader(conversation, this.showWorkspace(), this.accountName(conversation));
    this.followAccount(conversation);
    forgetThread();
    this.attention.clear();
    this.attention.show(id);
    this.customer.show(conversation);
    this.newConversation.hide();
    this.resolveForm.close(false);
    this.picker.close();
    this.files.show(id);
    byId('thread-state').textContent = t('thread.loading');
    byId('thread-state').hidden = false;
    this.composer.open(id, conversation);
    await this.refresh();
  }

  /**
   * The name of the account a conversation belongs to, when several are signed in.
   * @param {ConversationView} conversation
   */
  accountName(conversation) {
    const accounts = this.store.get().session?.accounts ?? [];
    if (accounts.length < 2) return null;
    return accounts.find((a) => a.id === conversation.account)?.name ?? null;
  }

  /// Replies go out with the conversation's account's key: whether that key may write, and
  /// that account's snippets, follow the open conversation.
  /** @param {ConversationView} conversation */
  followAccount(conversation) {
    const { session, snippetAccount } = this.store.get();
    const account = session?.accounts.find((a) => a.id === conversation.account);
    this.composer.setCanWrite(account?.canWrite !== false);
    if (account && account.id !== snippetAccount) this.store.set({ snippetAccount: account.id });
  }

  showWorkspace() {
    const { workspaces, filter } = this.store.get();
    return workspaces.length > 1 && filter.workspaceId === null;
  }

  async refresh() {
    const id = this.openId;
    const conversation = this.current();
    if (!id || !conversation) return;
    this.loading = true;
    try {
      const messages = await call(Commands.GetMessages, { conversationId: id });
      if (id !== this.openId) return;
      this.messages = messages;
      const state = byId('thread-state');
      state.textContent = messages.length === 0 ? t('thread.noMessages') : '';
      state.hidden = messages.length > 0;
      renderThread(conversation, messages, this.pending);
      this.files.noteMessages(id, messages);
      if (conversation.unread) this.list.update(id, { unread: false });
      await call(Commands.MarkRead, { conversationId: id })
        .catch((error) => logFailure('Could not mark the conversation read', error));
    } catch (error) {
      if (id !== this.openId) return;
      console.error('Messages could not be loaded:', error);
      byId('thread-state').textContent = t('thread.loadFailed', { reason: errorMessage(error) });
      byId('thread-state').hidden = false;
    } finally {
      this.loading = false;
      this.onIdle();
    }
  }

  /**
   * @param {string} id
   * @param {PendingReply[]} pending
   * @param {{ stick?: boolean }} [options]
   */
  setPending(id, pending, { stick = false } = {}) {
    if (id !== this.openId) return;
    this.pending = pending;
    renderThread(this.current(), this.messages, this.pending, { stick });
  }

  /** @param {string} id */
  async afterSend(id) {
    if (id !== this.openId) return;
    this.pending = [];
    await this.refresh();
  }

  /// An action on `id` in any window: its row follows the filter, the open thread its header.
  /**
   * @param {string} id
   * @param {import('./bindings.js').ConversationPatch} patch
   */
  patched(id, patch) {
    const listed = this.list.get(id);
    if (listed) {
      if (matchesFilter({ ...listed, ...patch }, this.store.get().filter)) this.list.update(id, patch);
      else this.conversations.drop(id);
    }
    if (id !== this.openId || !this.conversation) return;
    this.conversation = /** @type {ConversationView} */ ({ ...this.current(), ...patch });
    renderThreadHeader(this.conversation, this.showWorkspace(), this.accountName(this.conversation));
    this.composer.updateButton();
  }

  /// Take over, release or resolve; on success focus goes where the next step is.
  /**
   * @param {ActionCommand} command
   * @param {{ outcome?: string | null }} [extra] what only resolve takes
   */
  async act(command, extra = {}) {
    const id = this.openId;
    if (!id) return false;
    hideBanner('thread-banner');
    try {
      const patch = await call(command, /** @type {any} */ ({ conversationId: id, outcome: null, ...extra }));
      this.conversation = /** @type {ConversationView} */ ({ ...this.current(), ...patch });
      const next = this.list.neighbour(id);
      if (matchesFilter(this.conversation, this.store.get().filter)) this.list.update(id, patch);
      else this.conversations.drop(id);
      renderThreadHeader(this.conversation, this.showWorkspace(), this.accountName(this.conversation));
      this.composer.updateButton();
      this.focusAfter(command, next);
      // The server notes each action in the thread (and resolve its outcome): show them.
      await this.refresh();
      return true;
    } catch (error) {
      showFailure('thread-banner', t(actionFailed[command]), error);
      return false;
    }
  }

  /**
   * @param {ActionCommand} command
   * @param {string | null} next
   */
  focusAfter(command, next) {
    if (command === Commands.TakeOver) {
      if (!this.composer.focus()) byId('release-button').focus();
    } else if (command === Commands.Release) {
      byId('take-over-button').focus();
    } else {
      // Resolved: on to the next conversation in the list, for Enter to open.
      if (next) this.list.select(next);
      byId('conversation-list').focus();
    }
  }

  /// Fills the snippet's variables from the open conversation and puts it in the reply.
  /** @param {import('./bindings.js').Snippet} snippet */
  insertSnippet(snippet) {
    const conversation = this.current();
    if (!conversation) return;
    const { workspaces, snippets } = this.store.get();
    const values = snippetValues({
      contactName: conversation.contactName,
      workspaceName: conversation.workspaceName ?? workspaces.find((w) => w.id === conversation.workspaceId)?.name,
      agentName: snippets.agentName,
    });
    this.composer.insert(fillSnippet(snippet.text, values));
  }

  async takeOverAndSend() {
    if (await this.act(Commands.TakeOver)) await this.composer.send();
  }
}

/** @type {Record<ActionCommand, string>} catalog keys */
const actionFailed = {
  [Commands.TakeOver]: 'failure.takeOver',
  [Commands.Release]: 'failure.release',
  [Commands.Resolve]: 'failure.resolve',
};
