// @ts-check
// The customer panel beside the thread: who the customer is (contact, company, how they reach
// us) and their other conversations, each openable. Read when a thread opens with the panel
// shown, or when the panel is shown; whether it is shown is remembered on this machine.
import { el, byId, clear } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { contactLabel, relativeTime, statusLabel } from './format.js';
import { label } from './text.js';
import { t } from './i18n.js';

/** @typedef {import('./bindings.js').Customer} Customer */
/** @typedef {import('./bindings.js').ConversationView} ConversationView */

const SHOWN_KEY = 'ohallo.customerPanel';

export class CustomerPanel {
  /**
   * @param {object} hooks
   * @param {(conversation: ConversationView) => void} hooks.onOpen one of the other conversations was chosen
   */
  constructor({ onOpen }) {
    this.onOpen = onOpen;
    /** @type {ConversationView | null} */
    this.conversation = null;
    // A later load supersedes an earlier one still under way.
    this.generation = 0;
    this.shown = readShown();
    byId('customer-button').addEventListener('click', () => this.toggle());
    this.renderToggle();
  }

  /** @param {ConversationView} conversation */
  show(conversation) {
    this.conversation = conversation;
    this.clearContent();
    this.renderToggle();
    if (this.shown) this.load();
  }

  clear() {
    this.conversation = null;
    this.generation += 1;
    this.clearContent();
    this.renderToggle();
  }

  toggle() {
    this.shown = !this.shown;
    try {
      localStorage.setItem(SHOWN_KEY, this.shown ? '1' : '0');
    } catch (error) {
      console.warn('Could not remember whether the customer panel is shown:', error);
    }
    this.renderToggle();
    if (this.shown && this.conversation) this.load();
  }

  renderToggle() {
    byId('customer-button').setAttribute('aria-pressed', this.shown ? 'true' : 'false');
    byId('customer-panel').hidden = !this.shown || !this.conversation;
  }

  clearContent() {
    clear(byId('customer-details'));
    clear(byId('customer-others'));
    byId('customer-others-heading').hidden = true;
    byId('customer-state').textContent = '';
  }

  async load() {
    const conversation = this.conversation;
    if (!conversation) return;
    const generation = ++this.generation;
    byId('customer-state').textContent = t('common.loading');
    try {
      const customer = await call(Commands.GetCustomer, {
        conversationId: conversation.id, contactId: conversation.contactId,
      });
      if (generation !== this.generation) return;
      this.render(customer, conversation);
    } catch (error) {
      if (generation !== this.generation) return;
      console.error('The customer could not be read:', error);
      byId('customer-state').textContent = t('customer.loadFailed', { reason: errorMessage(error) });
    }
  }

  /**
   * @param {Customer} customer
   * @param {ConversationView} conversation
   */
  render(customer, conversation) {
    this.clearContent();
    const { contact, account } = customer;
    /** @type {[string, string | null | undefined][]} */
    const facts = [
      [t('customer.name'), contact?.name ?? contactLabel(conversation)],
      [t('customer.email'), contact?.email ?? conversation.contactEmail],
      [t('customer.phone'), contact?.phone],
      [t('customer.company'), account?.name ?? contact?.accountName ?? conversation.accountName],
      [t('customer.domain'), account?.emailDomain],
      [t('customer.country'), account?.country],
      [t('customer.website'), account?.website],
    ];
    for (const identity of contact?.identities ?? []) {
      if (identity.value !== contact?.email && identity.value !== contact?.phone) facts.push([label(identity.channel), identity.value]);
    }
    const details = byId('customer-details');
    for (const [name, value] of facts) {
      if (!value) continue;
      details.append(el('dt', { text: name }), el('dd', { text: label(value) }));
    }
    byId('customer-state').textContent = customer.problem ?? '';
    const others = byId('customer-others');
    byId('customer-others-heading').hidden = false;
    if (customer.others.length === 0) {
      others.append(el('li', { className: 'muted', text: t('customer.noOthers') }));
    }
    for (const other of customer.others) {
      const when = relativeTime(other.lastMessageAt);
      others.append(el('li', {}, [
        el('button', {
          className: 'customer-other', attrs: { type: 'button' },
          on: { click: () => this.onOpen(other) },
        }, [
          el('span', { className: 'customer-other-top', text: [statusLabel(other.status), when].filter(Boolean).join(' · ') }),
          el('span', { className: 'customer-other-preview', text: label(other.lastMessagePreview) || t('customer.noMessage') }),
        ]),
      ]));
    }
  }
}

function readShown() {
  try {
    return localStorage.getItem(SHOWN_KEY) !== '0';
  } catch {
    return true;
  }
}
