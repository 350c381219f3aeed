import { byId } from './dom.js';
import { call, errorMessage } from './ipc.js';
import { channelLabel } from './format.js';

const SAVE_DELAY_MS = 400;

/// The reply box. The draft is saved (per conversation, in Rust) as the user types and is only
/// cleared once the server has accepted the reply, so no failure can lose it.
export class Composer {
  constructor({ onSending, onSent, onFailed, onTakeOverAndSend, onLeave }) {
    this.form = byId('composer');
    this.box = byId('reply');
    this.sendButton = byId('send-button');
    this.conversationId = null;
    this.saveTimer = null;
    this.sending = false;
    this.canWrite = true;
    Object.assign(this, { onSending, onSent, onFailed, onTakeOverAndSend, onLeave });

    this.box.addEventListener('input', () => {
      this.updateButton();
      this.scheduleSave();
    });
    this.box.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.send();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        this.box.blur();
        this.onLeave();
      }
    });
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    byId('retry-button').addEventListener('click', () => this.send());
    byId('take-over-send-button').addEventListener('click', () => this.onTakeOverAndSend());
  }

  async open(conversationId, conversation) {
    await this.flushSave();
    this.conversationId = conversationId;
    this.hideError();
    this.box.value = '';
    const channel = conversation.channelType ? `Replies go out by ${channelLabel(conversation.channelType)}` : '';
    byId('composer-channel').textContent = channel;
    try {
      this.box.value = (await call('load_draft', { conversationId })) ?? '';
    } catch (error) {
      this.showError(`Your saved draft could not be read: ${errorMessage(error)}`, false);
    }
    this.updateButton();
  }

  setCanWrite(canWrite) {
    this.canWrite = canWrite;
    const notice = byId('composer-notice');
    notice.hidden = canWrite;
    notice.textContent = canWrite ? '' : 'This API key cannot send replies: it lacks the conversations:write scope. Ask an admin for a key with write access.';
    this.box.disabled = !canWrite;
    this.updateButton();
  }

  updateButton() {
    this.sendButton.disabled = !this.canWrite || this.sending || this.box.value.trim() === '';
  }

  scheduleSave() {
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flushSave(), SAVE_DELAY_MS);
  }

  async flushSave() {
    if (this.saveTimer === null || this.conversationId === null) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await call('save_draft', { conversationId: this.conversationId, text: this.box.value }).catch(() => {});
  }

  async send() {
    const content = this.box.value;
    const conversationId = this.conversationId;
    if (!this.canWrite || this.sending || content.trim() === '' || conversationId === null) return;
    await this.flushSave();
    this.sending = true;
    this.hideError();
    this.updateButton();
    this.onSending(conversationId, content);
    try {
      await call('send_reply', { conversationId, content });
      if (this.conversationId === conversationId && this.box.value === content) {
        this.box.value = '';
      }
      await call('save_draft', { conversationId, text: '' }).catch(() => {});
      this.onSent(conversationId);
    } catch (error) {
      this.onFailed(conversationId, content);
      if (this.conversationId === conversationId) {
        this.showError(`Not sent: ${errorMessage(error)} Your reply is kept here.`, error?.kind === 'conflict');
        if (error?.kind === 'forbidden' && error?.missingScope === 'conversations:write') this.setCanWrite(false);
      }
    } finally {
      this.sending = false;
      this.updateButton();
    }
  }

  showError(text, offerTakeOver) {
    byId('composer-error-text').textContent = text;
    byId('take-over-send-button').hidden = !offerTakeOver;
    byId('composer-error').hidden = false;
  }

  hideError() {
    byId('composer-error').hidden = true;
  }

  focus() {
    if (!this.box.disabled) this.box.focus();
  }
}
