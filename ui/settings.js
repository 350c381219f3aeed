// @ts-check
import { byId } from './dom.js';
import { Commands, call } from './ipc.js';
import { logFailure, showFailure } from './notices.js';
import { t } from './i18n.js';

/** @typedef {import('./types.js').NotificationPreferences} NotificationPreferences */

/// The notification switches (pause, launch at login) and the thread's mute button. The
/// preferences live in Rust; the store holds the last copy the window was given.
export class Settings {
  /** @param {import('./types.js').ViewStore} store */
  constructor(store) {
    this.store = store;
    byId('pause-switch').addEventListener('change', (event) => this.setPaused(/** @type {HTMLInputElement} */ (event.target)));
    byId('autostart-switch').addEventListener('change', (event) => this.setAutostart(/** @type {HTMLInputElement} */ (event.target)));
    byId('mute-button').addEventListener('click', () => this.toggleMute());
    store.subscribe((state, previous) => {
      if (state.preferences !== previous.preferences || state.openId !== previous.openId) this.render(state);
    });
  }

  /** @param {import('./types.js').ViewState} state */
  render({ preferences, openId }) {
    /** @type {HTMLInputElement} */ (byId('pause-switch')).checked = Boolean(preferences?.paused);
    const muted = Boolean(openId && preferences?.muted?.includes(openId));
    const button = byId('mute-button');
    button.textContent = t(muted ? 'thread.unmute' : 'thread.mute');
    button.setAttribute('aria-pressed', muted ? 'true' : 'false');
  }

  /// Also on `preferences-changed`: the tray may have paused notifications.
  async loadPreferences() {
    try {
      this.store.set({ preferences: await call(Commands.GetPreferences) });
    } catch (error) {
      // The switches keep their last state; nothing else depends on them.
      logFailure('Notification settings could not be read', error);
    }
  }

  async loadAutostart() {
    const box = /** @type {HTMLInputElement} */ (byId('autostart-switch'));
    try {
      box.checked = await call(Commands.GetLaunchAtLogin);
    } catch (error) {
      box.disabled = true;
      logFailure('Launch at login is not available', error);
    }
  }

  /** @param {HTMLInputElement} box */
  async setPaused(box) {
    try {
      this.store.set({ preferences: await call(Commands.SetPaused, { paused: box.checked }) });
    } catch (error) {
      box.checked = !box.checked;
      showFailure('list-banner', t('failure.pause'), error);
    }
  }

  /** @param {HTMLInputElement} box */
  async setAutostart(box) {
    try {
      box.checked = await call(Commands.SetLaunchAtLogin, { enabled: box.checked });
    } catch (error) {
      box.checked = !box.checked;
      showFailure('list-banner', t('failure.autostart'), error);
    }
  }

  async toggleMute() {
    const { openId, preferences } = this.store.get();
    if (!openId) return;
    const muted = !preferences?.muted?.includes(openId);
    try {
      this.store.set({ preferences: await call(Commands.SetMuted, { conversationId: openId, muted }) });
    } catch (error) {
      showFailure('thread-banner', t(muted ? 'failure.mute' : 'failure.unmute'), error);
    }
  }
}
