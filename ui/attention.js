// @ts-check
// What a person must do for the AI in the open conversation: the attention items ("a human is
// needed") with their reasons, each marked handled from here, and approving an action that an
// approval guardrail holds. The API has no field saying an action is held, so "Approve…" is
// offered in every unresolved conversation and the server's 404 is told as "nothing waits".
import { el, byId, clear } from './dom.js';
import { Commands, asUiError, call } from './ipc.js';
import { attentionTitle } from './format.js';
import { hideBanner, showFailure } from './notices.js';
import { label } from './text.js';
import { t } from './i18n.js';

/** @typedef {import('./bindings.js').AttentionItem} AttentionItem */
/** @typedef {import('./bindings.js').AttentionSummary} AttentionSummary */

/** @type {AttentionSummary} */
export const NO_ATTENTION = Object.freeze({ open: 0, conversationIds: [] });

/// What the engine last read of the open items; the window asks once it shows the inbox, for
/// the event may have come before it listened.
/** @param {import('./types.js').ViewStore} store */
export async function loadAttention(store) {
  try {
    store.set({ attention: await call(Commands.AttentionSummary) });
  } catch (error) {
    showFailure('list-banner', t('failure.attentionSummary'), error);
  }
}

export class AttentionPanel {
  /**
   * @param {object} parts
   * @param {import('./types.js').ViewStore} parts.store
   * @param {() => void} parts.onApproved the thread should be read again
   * @param {() => boolean} parts.focusReply moves focus to the reply box, if it can take it
   */
  constructor({ store, onApproved, focusReply }) {
    this.store = store;
    this.onApproved = onApproved;
    this.focusReply = focusReply;
    /** @type {AttentionItem[]} */
    this.items = [];
    // A later show() supersedes an earlier one still loading.
    this.generation = 0;
    byId('approve-button').addEventListener('click', () => this.askToApprove());
    byId('approve-cancel').addEventListener('click', () => this.closeApproval(true));
    byId('approve-confirm-button').addEventListener('click', () => this.approve());
    store.subscribe((state, previous) => {
      const id = state.openId;
      if (!id || state.attention === previous.attention || state.openId !== previous.openId) return;
      const was = previous.attention.conversationIds.includes(id);
      if (was || state.attention.conversationIds.includes(id)) this.show(id);
    });
  }

  /** @param {string} conversationId */
  async show(conversationId) {
    const generation = ++this.generation;
    try {
      const items = await call(Commands.GetAttention, { conversationId });
      if (generation !== this.generation) return;
      this.render(items);
    } catch (error) {
      if (generation !== this.generation) return;
      this.render([]);
      // A key without read access to them is not worth a banner on every thread.
      if (asUiError(error)?.kind !== 'forbidden') showFailure('thread-banner', t('failure.attention'), error);
    }
  }

  /// Another conversation is opening, or none: nothing of this one may stay.
  clear() {
    this.generation += 1;
    this.render([]);
    this.closeApproval(false);
    byId('approve-result').textContent = '';
  }

  /** @param {AttentionItem[]} items */
  render(items) {
    this.items = items;
    const list = byId('attention-items');
    clear(list);
    for (const item of items) {
      list.append(el('li', { className: 'attention-item', dataset: { id: item.id } }, [
        el('div', { className: 'attention-text' }, [
          el('strong', { text: attentionTitle(item.type) }),
          item.reason ? el('span', { className: 'attention-reason', text: label(item.reason) }) : null,
        ]),
        el('button', {
          className: 'secondary', text: t('attention.markHandled'), attrs: { type: 'button' },
          on: { click: (/** @type {MouseEvent} */ event) => this.markHandled(item, /** @type {HTMLButtonElement} */ (event.currentTarget)) },
        }),
      ]));
    }
    byId('thread-attention').hidden = items.length === 0;
  }

  /**
   * @param {AttentionItem} item
   * @param {HTMLButtonElement} button
   */
  async markHandled(item, button) {
    button.disabled = true;
    hideBanner('thread-banner');
    try {
      await call(Commands.ResolveAttention, { itemId: item.id });
    } catch (error) {
      button.disabled = false;
      showFailure('thread-banner', t('failure.markHandled'), error);
      return;
    }
    const index = this.items.indexOf(item);
    this.render(this.items.filter((other) => other !== item));
    // Focus goes to what is left to do: the next item, else the reply.
    const buttons = byId('attention-items').querySelectorAll('button');
    const next = buttons[Math.min(index, buttons.length - 1)];
    if (next) next.focus();
    else if (!this.focusReply()) byId('conversation-list').focus();
  }

  askToApprove() {
    byId('approve-result').textContent = '';
    byId('approve-confirm').hidden = false;
    byId('approve-confirm-button').focus();
  }

  /** @param {boolean} refocus */
  closeApproval(refocus) {
    byId('approve-confirm').hidden = true;
    if (refocus) byId('approve-button').focus();
  }

  async approve() {
    const conversationId = this.store.get().openId;
    if (!conversationId) return;
    const confirm = /** @type {HTMLButtonElement} */ (byId('approve-confirm-button'));
    confirm.disabled = true;
    hideBanner('thread-banner');
    try {
      await call(Commands.Approve, { conversationId });
      this.closeApproval(true);
      byId('approve-result').textContent = t('approve.done');
      this.onApproved();
    } catch (error) {
      if (asUiError(error)?.kind === 'notFound') {
        this.closeApproval(true);
        byId('approve-result').textContent = t('approve.nothing');
      } else {
        showFailure('thread-banner', t('failure.approve'), error);
      }
    } finally {
      confirm.disabled = false;
    }
  }
}
