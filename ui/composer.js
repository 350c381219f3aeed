// @ts-check
import { byId } from './dom.js';
import { Commands, asUiError, call, errorMessage } from './ipc.js';
import { logFailure } from './notices.js';
import { channelLabel, statusGroup } from './format.js';
import { shortcutFor } from './shortcuts.js';
import { stillUnfilled } from './snippets.js';
import { t } from './i18n.js';

// Refusals oHallo may give a reply to a conversation the AI still manages: the reference names
// no status code, so each of these is read as "take it over first".
/** @type {Set<string | undefined>} */
const REFUSED_FOR_STATE = new Set(['conflict', 'invalidInput', 'server']);

const SAVE_DELAY_MS = 400;

/** @typedef {import('./types.js').ConversationView} ConversationView */

/// The reply box. The draft is saved (per conversation, in Rust) as the user types and is only
/// cleared once the server has accepted the reply, so no failure can lose it.
export class Composer {
  /**
   * @param {object} hooks
   * @param {(conversationId: string, content: string) => void} hooks.onSending
   * @param {(conversationId: string) => void} hooks.onChecking the answer was lost; looking for the reply
   * @param {(conversationId: string) => void} hooks.onSent
   * @param {(conversationId: string, content: string) => void} hooks.onFailed
   * @param {() => void} hooks.onTakeOverAndSend
   * @param {() => void} hooks.onLeave Escape in the box
   * @param {(swallowed: string) => void} hooks.onSnippets the snippet key, and what it would have typed
   * @param {(conversationId: string) => ConversationView | null} hooks.conversation the row, as the list has it now
   */
  constructor({ onSending, onChecking, onSent, onFailed, onTakeOverAndSend, onLeave, onSnippets, conversation }) {
    this.form = byId('composer');
    this.box = /** @type {HTMLTextAreaElement} */ (byId('reply'));
    this.sendButton = /** @type {HTMLButtonElement} */ (byId('send-button'));
    /** @type {string | null} */
    this.conversationId = null;
    /** @type {ReturnType<typeof setTimeout> | null} */
    this.saveTimer = null;
    this.sending = false;
    this.canWrite = true;
    /** Variables inserted snippets left unfilled: Send holds while any is still in the text. @type {Set<string>} */
    this.unfilled = new Set();
    this.onSending = onSending;
    this.onChecking = onChecking;
    this.onSent = onSent;
    this.onFailed = onFailed;
    this.onTakeOverAndSend = onTakeOverAndSend;
    this.onLeave = onLeave;
    this.onSnippets = onSnippets;
    this.conversation = conversation;

    this.box.addEventListener('input', () => {
      this.updateButton();
      this.updateWarning();
      this.scheduleSave();
    });
    this.box.addEventListener('keydown', (event) => {
      const key = shortcutFor(event, ['send', 'snippets', 'leaveReply']);
      if (key === 'send') {
        event.preventDefault();
        this.send();
      } else if (key === 'snippets' && (event.ctrlKey || event.metaKey || this.box.value === '')) {
        event.preventDefault();
        this.onSnippets(event.ctrlKey || event.metaKey ? '' : '/');
      } else if (key === 'leaveReply') {
        event.preventDefault();
        this.box.blur();
        this.onLeave();
      }
    });
    byId('send-anyway-button').addEventListener('click', () => this.send({ anyway: true }));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    byId('retry-button').addEventListener('click', () => this.send());
    byId('take-over-send-button').addEventListener('click', () => this.onTakeOverAndSend());
    byId('take-over-send-bar').addEventListener('click', () => this.onTakeOverAndSend());
  }

  /**
   * @param {string} conversationId
   * @param {ConversationView} conversation
   */
  async open(conversationId, conversation) {
    await this.flushSave();
    this.conversationId = conversationId;
    this.hideError();
    this.box.value = '';
    this.unfilled.clear();
    this.updateWarning();
    const channel = conversation.channelType ? t('composer.channel', { channel: channelLabel(conversation.channelType) }) : '';
    byId('composer-channel').textContent = channel;
    try {
      this.box.value = (await call(Commands.LoadDraft, { conversationId })) ?? '';
    } catch (error) {
      this.showError(t('composer.draftUnreadable', { reason: errorMessage(error) }), false);
    }
    this.updateButton();
  }

  /** @param {boolean} canWrite */
  setCanWrite(canWrite) {
    this.canWrite = canWrite;
    const notice = byId('composer-notice');
    notice.hidden = canWrite;
    notice.textContent = canWrite ? '' : t('composer.cannotWrite');
    this.box.disabled = !canWrite;
    this.updateButton();
  }

  updateButton() {
    this.sendButton.disabled = !this.canWrite || this.sending || this.box.value.trim() === '';
    // The reference wants a reply only in a human-managed conversation: offer the take-over
    // up front, not only after a refusal.
    const conversation = this.conversationId ? this.conversation(this.conversationId) : null;
    const aiManaged = conversation && conversation.humanManaged !== true && statusGroup(conversation.status) !== 'resolved';
    const bar = /** @type {HTMLButtonElement} */ (byId('take-over-send-bar'));
    bar.hidden = !aiManaged || !this.canWrite;
    bar.disabled = this.sendButton.disabled;
  }

  scheduleSave() {
    clearTimeout(this.saveTimer ?? undefined);
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS);
  }

  async flushSave() {
    if (this.saveTimer === null || this.conversationId === null) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    const conversationId = this.conversationId;
    try {
      await call(Commands.SaveDraft, { conversationId, text: this.box.value });
    } catch (error) {
      // The text is still in the box; only a restart would lose it.
      console.error('The draft could not be saved:', error);
      if (this.conversationId === conversationId && !this.sending) {
        this.showNotice(t('composer.draftNotSaved', { reason: errorMessage(error) }));
      }
    }
  }

  /**
   * Puts `text` where the caret is (over a selection), the caret at `caret` within it; its
   * unfilled variables are watched until they are gone from the reply.
   * @param {{ text: string, caret: number, unfilled: string[] }} filled
   */
  insert({ text, caret, unfilled }) {
    if (this.box.disabled) return;
    const { selectionStart: start, selectionEnd: end, value } = this.box;
    this.box.value = value.slice(0, start) + text + value.slice(end);
    this.box.focus();
    this.box.setSelectionRange(start + caret, start + caret);
    for (const name of unfilled) this.unfilled.add(name);
    this.updateButton();
    this.updateWarning();
    this.scheduleSave();
  }

  /** Gives back what opening the snippet picker swallowed, and the focus. @param {string} typed */
  resume(typed) {
    if (typed) this.insert({ text: typed, caret: typed.length, unfilled: [] });
    else this.box.focus();
  }

  /** Names the variables still unfilled under the reply; whether there are any. */
  updateWarning() {
    const left = stillUnfilled(this.box.value, this.unfilled);
    this.unfilled = new Set(left);
    const warning = byId('snippet-warning');
    warning.hidden = left.length === 0;
    const names = left.map((name) => `{${name}}`).join(', ');
    byId('snippet-warning-text').textContent = left.length === 0 ? ''
      : t('snippets.unfilled', { names, count: left.length });
    return left.length > 0;
  }

  /** @param {{ anyway?: boolean }} [options] `anyway`: even with unfilled variables */
  async send({ anyway = false } = {}) {
    const content = this.box.value;
    const conversationId = this.conversationId;
    if (!this.canWrite || this.sending || content.trim() === '' || conversationId === null) return;
    if (!anyway && this.updateWarning()) {
      byId('send-anyway-button').focus();
      return;
    }
    await this.flushSave();
    this.sending = true;
    this.hideError();
    this.updateButton();
    this.onSending(conversationId, content);
    try {
      let outcome = await call(Commands.SendReply, { conversationId, content });
      if (outcome?.state === 'unknown') {
        // Delivery is asynchronous: "not in the thread yet" does not mean "not sent".
        this.onChecking(conversationId);
        if (this.conversationId === conversationId) {
          this.showNotice(t('composer.checking'));
        }
        outcome = await call(Commands.ConfirmReply, { conversationId, content, sentAt: outcome.sentAt });
      }
      if (outcome?.state === 'notSeen') {
        this.onFailed(conversationId, content);
        if (this.conversationId === conversationId) {
          this.showError(t('composer.notConfirmed'), false, t('composer.sendAgain'));
        }
        return;
      }
      if (this.conversationId === conversationId && this.box.value === content) {
        this.box.value = '';
        this.updateWarning();
      }
      this.hideError();
      await call(Commands.SaveDraft, { conversationId, text: '' })
        .catch((error) => logFailure('The sent reply stays saved as a draft', error));
      this.onSent(conversationId);
    } catch (error) {
      this.onFailed(conversationId, content);
      if (this.conversationId === conversationId) {
        const conversation = this.conversation(conversationId);
        const failure = asUiError(error);
        const offerTakeOver = REFUSED_FOR_STATE.has(failure?.kind) && conversation?.humanManaged !== true;
        this.showError(t('composer.notSent', { reason: errorMessage(error) }), offerTakeOver);
        if (failure?.kind === 'forbidden' && failure?.missingScope === 'conversations:write') this.setCanWrite(false);
      }
    } finally {
      this.sending = false;
      this.updateButton();
    }
  }

  /**
   * @param {string} text
   * @param {boolean} offerTakeOver
   * @param {string} [retryLabel]
   */
  showError(text, offerTakeOver, retryLabel = t('composer.retry')) {
    byId('composer-error-text').textContent = text;
    byId('take-over-send-button').hidden = !offerTakeOver;
    byId('retry-button').hidden = false;
    byId('retry-button').textContent = retryLabel;
    byId('composer-error').hidden = false;
  }

  /// A state, not a failure: nothing to press.
  /** @param {string} text */
  showNotice(text) {
    byId('composer-error-text').textContent = text;
    byId('take-over-send-button').hidden = true;
    byId('retry-button').hidden = true;
    byId('composer-error').hidden = false;
  }

  hideError() {
    byId('composer-error').hidden = true;
  }

  /** A conversation is open and the key may write to it. */
  get writable() {
    return !this.box.disabled && this.conversationId !== null;
  }

  /// Returns whether the box took focus: a key that cannot write has nothing to type into.
  focus() {
    if (!this.writable) return false;
    this.box.focus();
    return true;
  }
}
