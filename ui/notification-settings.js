// @ts-check
// The settings dialog's Notifications section: what each workspace notifies for, "Do not
// disturb", quiet hours and repeats for "needs a human". The preferences live in Rust (every
// change is saved there at once); this module shows the last copy the store holds.
import { byId, clear, el, reconcile } from './dom.js';
import { workspaceLabel } from './filters.js';
import { Commands, call } from './ipc.js';
import { showFailure } from './notices.js';
import { locale, t } from './i18n.js';

/** @typedef {import('./bindings.js').NotificationRules} NotificationRules */
/** @typedef {import('./bindings.js').NotifyFor} NotifyFor */
/** @typedef {import('./bindings.js').DoNotDisturb} DoNotDisturb */

/** Each rule with its catalog key. @type {[NotifyFor, string][]} */
export const NOTIFY_FOR = [
  ['all', 'notify.for.all'],
  ['humanQueue', 'notify.for.humanQueue'],
  ['needsHuman', 'notify.for.needsHuman'],
];

/** @param {number} minutes after midnight @returns {string} "HH:MM" */
export function timeOfMinutes(minutes) {
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** @param {string} time "H:MM" or "HH:MM", as typed @returns {number | null} */
export function minutesOfTime(time) {
  const match = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/**
 * What "Do not disturb" says: off, or until when (the day named when it is not today).
 * @param {string | null | undefined} until ISO time
 * @param {Date} now
 */
export function doNotDisturbText(until, now) {
  const end = until ? new Date(until) : null;
  if (!end || Number.isNaN(end.getTime()) || end <= now) return t('notify.dnd.off');
  const time = timeOfMinutes(end.getHours() * 60 + end.getMinutes());
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  const sameDay = (/** @type {Date} */ a, /** @type {Date} */ b) => a.toDateString() === b.toDateString();
  if (sameDay(end, now)) return t('notify.dnd.until', { time });
  if (sameDay(end, tomorrow)) return t('notify.dnd.untilTomorrow', { time });
  return t('notify.dnd.untilDate', { date: end.toLocaleDateString(locale()), time });
}

export class NotificationSettings {
  /** @param {import('./types.js').ViewStore} store */
  constructor(store) {
    this.store = store;
    /** @type {Map<string, { item: any, node: HTMLElement }>} */
    this.ruleRows = new Map();
    this.rowsMade = 0;
    /** The saves queued or running. @type {Promise<void>} */
    this.saving = Promise.resolve();
    this.pending = 0;
    this.quietSwitch = /** @type {HTMLInputElement} */ (byId('quiet-switch'));
    this.quietFrom = /** @type {HTMLInputElement} */ (byId('quiet-from'));
    this.quietTo = /** @type {HTMLInputElement} */ (byId('quiet-to'));
    this.repeatSwitch = /** @type {HTMLInputElement} */ (byId('repeat-switch'));
    this.days = /** @type {HTMLInputElement[]} */ ([...byId('quiet-days').querySelectorAll('input')]);
    for (const input of [this.quietSwitch, this.quietFrom, this.quietTo, this.repeatSwitch, ...this.days]) {
      input.addEventListener('change', () => this.saveRules());
    }
    /** @type {[string, DoNotDisturb][]} */
    const dnd = [['dnd-hour', 'oneHour'], ['dnd-tomorrow', 'untilTomorrow'], ['dnd-off', 'off']];
    for (const [id, choice] of dnd) byId(id).addEventListener('click', () => this.setDoNotDisturb(choice));
    store.subscribe((state, previous) => {
      // With another account, every workspace's label changes (its account's name comes first).
      if (state.session !== previous.session) {
        clear(byId('notify-rules'));
        this.ruleRows.clear();
      }
      if (state.preferences !== previous.preferences || state.workspaces !== previous.workspaces || state.session !== previous.session) this.render(state);
    });
  }

  /** @param {import('./types.js').ViewState} state */
  render({ preferences, workspaces }) {
    if (!preferences) return;
    const { rules } = preferences;
    byId('notify-for').hidden = workspaces.length === 0;
    /** @typedef {import('./types.js').Workspace} Workspace */
    reconcile(byId('notify-rules'), this.ruleRows, workspaces, {
      key: (/** @type {Workspace} */ workspace) => workspace.id,
      same: (/** @type {Workspace} */ a, /** @type {Workspace} */ b) => a.name === b.name,
      build: (/** @type {Workspace} */ workspace) => this.ruleRow(workspace),
    });
    byId('dnd-state').textContent = doNotDisturbText(preferences.doNotDisturbUntil, new Date());
    if (this.pending > 0) return;
    for (const [id, { node }] of this.ruleRows) {
      const select = /** @type {HTMLSelectElement} */ (node.querySelector('select'));
      select.value = rules.workspaces[id] ?? 'all';
    }
    const quiet = rules.quietHours;
    this.quietSwitch.checked = quiet.enabled;
    this.days.forEach((box, day) => { box.checked = quiet.days[day]; });
    // A time being typed is left alone; the saved one comes back on blur.
    if (document.activeElement !== this.quietFrom) this.quietFrom.value = timeOfMinutes(quiet.fromMinute);
    if (document.activeElement !== this.quietTo) this.quietTo.value = timeOfMinutes(quiet.toMinute);
    this.repeatSwitch.checked = rules.repeatNeedsHuman;
  }

  /** @param {import('./types.js').Workspace} workspace */
  ruleRow(workspace) {
    // Named "Notify for <workspace>" by two visible texts; the id is ours, not the server's.
    const nameId = `notify-workspace-${++this.rowsMade}`;
    const select = el('select', {
      attrs: { 'aria-labelledby': `notify-for-title ${nameId}`, 'data-workspace': workspace.id },
      on: { change: () => this.saveRules() },
    }, NOTIFY_FOR.map(([value, key]) => el('option', { text: t(key), attrs: { value } })));
    const name = workspaceLabel(workspace, this.store.get().session?.accounts ?? []);
    return el('div', { className: 'notify-rule' }, [el('span', { text: name, attrs: { id: nameId } }), select]);
  }

  /** The form as rules, or null while a time is not a time (the field then says so). @returns {NotificationRules | null} */
  formRules() {
    const preferences = this.store.get().preferences;
    const fromMinute = minutesOfTime(this.quietFrom.value);
    const toMinute = minutesOfTime(this.quietTo.value);
    this.quietFrom.setAttribute('aria-invalid', String(fromMinute === null));
    this.quietTo.setAttribute('aria-invalid', String(toMinute === null));
    if (!preferences || fromMinute === null || toMinute === null) return null;
    /** @type {NotificationRules['workspaces']} */
    const workspaces = { ...preferences.rules.workspaces };
    for (const [id, { node }] of this.ruleRows) {
      workspaces[id] = /** @type {NotifyFor} */ (/** @type {HTMLSelectElement} */ (node.querySelector('select')).value);
    }
    return {
      workspaces,
      quietHours: {
        enabled: this.quietSwitch.checked,
        days: /** @type {NotificationRules['quietHours']['days']} */ (this.days.map((box) => box.checked)),
        fromMinute,
        toMinute,
      },
      repeatNeedsHuman: this.repeatSwitch.checked,
    };
  }

  /// Saves one at a time, each reading the form when its turn comes: commands may finish out of
  /// order, and a copy of the preferences shown meanwhile (an answer, or `preferences-changed`)
  /// would undo a newer choice in the form; the form follows the store again once all are done.
  saveRules() {
    this.pending += 1;
    this.saving = this.saving.then(() => this.saveNow());
    return this.saving;
  }

  async saveNow() {
    const rules = this.formRules();
    let preferences = null;
    let failure = null;
    if (rules) {
      try {
        preferences = await call(Commands.SetNotificationRules, { rules });
      } catch (error) {
        failure = error;
      }
    }
    this.pending -= 1;
    if (this.pending > 0) return;
    if (preferences) this.store.set({ preferences });
    this.render(this.store.get());
    if (failure) showFailure('list-banner', t('failure.notificationRules'), failure);
  }

  /** @param {DoNotDisturb} choice */
  async setDoNotDisturb(choice) {
    try {
      this.store.set({ preferences: await call(Commands.SetDoNotDisturb, { choice }) });
    } catch (error) {
      showFailure('list-banner', t('failure.doNotDisturb'), error);
    }
  }
}
