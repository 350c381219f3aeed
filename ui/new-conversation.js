// @ts-check
// Writing first: the "New conversation" form in the thread pane. oHallo answers a composed
// conversation with no id, so once it is sent the form watches the engine's changes for a
// conversation on the chosen channel to the same person, and opens it when it is listed.
import { el, byId, clear } from './dom.js';
import { Commands, Events, call, errorMessage, listen } from './ipc.js';
import { channelLabel } from './format.js';
import { label } from './text.js';
import { t } from './i18n.js';
import { workspaceLabel } from './filters.js';

/** @typedef {import('./bindings.js').Channel} Channel */
/** @typedef {import('./bindings.js').ConversationView} ConversationView */
/** @typedef {import('./bindings.js').NewConversation} NewConversation */

/** What was sent and is being looked for in the list. @typedef {{ draft: NewConversation, since: number }} Sent */

export class NewConversationForm {
  /**
   * @param {object} parts
   * @param {import('./types.js').ViewStore} parts.store
   * @param {() => void} parts.onOpening the thread pane gives way to the form
   * @param {() => void} parts.onClosed the form went without a conversation to show
   * @param {(conversation: ConversationView) => void} parts.onFound the sent conversation is listed
   */
  constructor({ store, onOpening, onClosed, onFound }) {
    this.store = store;
    this.onOpening = onOpening;
    this.onClosed = onClosed;
    this.onFound = onFound;
    /** @type {Channel[]} */
    this.channels = [];
    /** @type {Sent | null} */
    this.sent = null;
    byId('new-conversation-button').addEventListener('click', () => this.open());
    byId('compose-cancel').addEventListener('click', () => this.close());
    byId('compose-workspace').addEventListener('change', () => this.loadChannels());
    byId('compose-channel').addEventListener('change', () => this.showSubject());
    byId('compose-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    byId('compose-form').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.close();
      }
    });
    listen(Events.InboxChanged, () => this.lookForSent());
  }

  async open() {
    this.onOpening();
    byId('thread-empty').hidden = true;
    this.sent = null;
    const form = /** @type {HTMLFormElement} */ (byId('compose-form'));
    form.reset();
    this.say('', false);
    const select = byId('compose-workspace');
    clear(select);
    const { workspaces, session } = this.store.get();
    for (const w of workspaces) select.append(el('option', { text: label(workspaceLabel(w, session?.accounts ?? [])), attrs: { value: w.id } }));
    byId('compose-workspace-row').hidden = this.store.get().workspaces.length < 2;
    form.hidden = false;
    byId('compose-to').focus();
    await this.loadChannels();
  }

  close() {
    this.sent = null;
    byId('compose-form').hidden = true;
    this.onClosed();
  }

  /// Hidden when a conversation opens instead (a click in the list, a notification).
  hide() {
    byId('compose-form').hidden = true;
  }

  async loadChannels() {
    const workspaceId = /** @type {HTMLSelectElement} */ (byId('compose-workspace')).value;
    const select = byId('compose-channel');
    clear(select);
    this.channels = workspaceId ? await call(Commands.KnownChannels, { workspaceId }).catch((error) => {
      this.say(t('compose.channelsFailed', { reason: errorMessage(error) }), true);
      return [];
    }) : [];
    for (const c of this.channels) {
      select.append(el('option', { text: `${label(c.displayName)} (${channelLabel(c.channelType)})`, attrs: { value: c.id } }));
    }
    if (this.channels.length === 0) {
      this.say(t('compose.noChannels'), true);
    }
    this.showSubject();
  }

  showSubject() {
    const id = /** @type {HTMLSelectElement} */ (byId('compose-channel')).value;
    const channel = this.channels.find((c) => c.id === id);
    byId('compose-subject-row').hidden = channel?.channelType !== 'email';
  }

  /**
   * @param {string} text
   * @param {boolean} problem
   */
  say(text, problem) {
    const status = byId('compose-status');
    status.textContent = text;
    status.classList.toggle('error', problem);
  }

  /** @returns {NewConversation} */
  draft() {
    const value = (/** @type {string} */ id) => /** @type {HTMLInputElement} */ (byId(id)).value.trim();
    const to = value('compose-to');
    const email = to.includes('@');
    const channelId = value('compose-channel');
    const isEmail = this.channels.find((c) => c.id === channelId)?.channelType === 'email';
    return {
      workspaceId: value('compose-workspace'),
      channelId,
      contactEmail: email ? to : null,
      // People write numbers with spaces and dashes; E.164 has none.
      contactPhone: email || !to ? null : to.replace(/[\s().-]/gu, ''),
      contactName: value('compose-name') || null,
      subject: isEmail ? value('compose-subject') || null : null,
      content: /** @type {HTMLTextAreaElement} */ (byId('compose-text')).value,
    };
  }

  async send() {
    const draft = this.draft();
    const button = /** @type {HTMLButtonElement} */ (byId('compose-send'));
    button.disabled = true;
    this.say(t('common.sending'), false);
    try {
      await call(Commands.Compose, { conversation: draft });
      this.sent = { draft, since: Date.now() };
      this.say(t('compose.sent'), false);
      await this.lookForSent();
    } catch (error) {
      this.say(t('compose.notSent', { reason: errorMessage(error) }), true);
    } finally {
      button.disabled = false;
    }
  }

  /// The engine saw the list change: perhaps the sent conversation is in it now.
  async lookForSent() {
    const sent = this.sent;
    if (!sent) return;
    const { draft } = sent;
    const q = draft.contactEmail ?? draft.contactName ?? draft.subject ?? '';
    try {
      const page = await call(Commands.ListConversations, {
        query: { q: q || null, workspaceId: draft.workspaceId, limit: 20, cursor: null }, account: null,
      });
      const start = draft.content.trim().slice(0, 40);
      const found = page.data.find((c) => c.channelId === draft.channelId
        && (draft.contactEmail ? c.contactEmail === draft.contactEmail : (c.lastMessagePreview ?? '').startsWith(start)));
      if (!found || this.sent !== sent) return;
      this.sent = null;
      byId('compose-form').hidden = true;
      this.onFound(found);
    } catch (error) {
      console.warn('Looking for the sent conversation failed; the next change looks again:', error);
    }
  }
}
