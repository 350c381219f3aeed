import { byId } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { t } from './i18n.js';

/// The sign-in screen. The key goes straight to Rust, which checks it, stores it in the keyring
/// and never hands it back.
export function showSignIn(onSignedIn) {
  byId('app-view').hidden = true;
  byId('signin-view').hidden = false;
  const form = byId('signin-form');
  const field = byId('api-key');
  const error = byId('signin-error');
  const button = byId('signin-button');
  const demo = byId('demo-button');
  const keep = byId('keep-until-quit-button');
  field.value = '';
  error.hidden = true;
  keep.hidden = true;
  field.focus();

  const busy = (on, label) => {
    button.disabled = on;
    demo.disabled = on;
    keep.disabled = on;
    field.disabled = on;
    if (label) button.textContent = label;
  };
  const fail = (e) => {
    error.textContent = errorMessage(e);
    error.hidden = false;
    busy(false, t('signin.submit'));
    // No keyring to keep the key in: offer memory, never the disk.
    keep.hidden = e?.kind !== 'keyring';
    if (keep.hidden) field.focus();
    else keep.focus();
  };

  /** @param {boolean} keepUntilQuit */
  const signIn = async (keepUntilQuit) => {
    error.hidden = true;
    keep.hidden = true;
    busy(true, t('signin.checking'));
    try {
      const session = await call(Commands.SignIn, { key: field.value, keepUntilQuit, name: null });
      field.value = '';
      busy(false, t('signin.submit'));
      onSignedIn(session);
    } catch (e) {
      fail(e);
    }
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    signIn(false);
  };
  keep.onclick = () => signIn(true);
  demo.onclick = async () => {
    error.hidden = true;
    busy(true);
    try {
      const session = await call(Commands.StartDemo);
      busy(false, t('signin.submit'));
      onSignedIn(session);
    } catch (e) {
      fail(e);
    }
  };
}
