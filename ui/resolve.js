// @ts-check
// Resolve asks for an outcome first (optional, one line), offering the outcomes this agent wrote
// before; oHallo keeps it with the conversation (`outcome` on resolve).
import { el, byId, clear } from './dom.js';

const RECENT_KEY = 'ohallo.recentOutcomes';
const RECENT_MAX = 8;

export class ResolveForm {
  /** @param {{ onResolve: (outcome: string | null) => Promise<boolean> }} hooks */
  constructor({ onResolve }) {
    this.onResolve = onResolve;
    byId('resolve-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    byId('resolve-cancel').addEventListener('click', () => this.close(true));
    byId('resolve-form').addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
      }
    });
  }

  ask() {
    const suggestions = byId('resolve-outcomes');
    clear(suggestions);
    for (const outcome of recentOutcomes()) suggestions.append(el('option', { attrs: { value: outcome } }));
    const field = /** @type {HTMLInputElement} */ (byId('resolve-outcome'));
    field.value = '';
    byId('resolve-form').hidden = false;
    field.focus();
  }

  /** @param {boolean} refocus */
  close(refocus) {
    byId('resolve-form').hidden = true;
    if (refocus) byId('resolve-button').focus();
  }

  async submit() {
    const field = /** @type {HTMLInputElement} */ (byId('resolve-outcome'));
    const outcome = field.value.trim() || null;
    const button = /** @type {HTMLButtonElement} */ (byId('resolve-confirm-button'));
    button.disabled = true;
    try {
      if (await this.onResolve(outcome)) {
        if (outcome) remember(outcome);
        this.close(false);
      }
    } finally {
      button.disabled = false;
    }
  }
}

/** @returns {string[]} */
function recentOutcomes() {
  try {
    const stored = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((item) => typeof item === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

/** @param {string} outcome */
function remember(outcome) {
  const recent = [outcome, ...recentOutcomes().filter((item) => item !== outcome)].slice(0, RECENT_MAX);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(recent));
  } catch (error) {
    console.warn('Could not remember the outcome for next time:', error);
  }
}
