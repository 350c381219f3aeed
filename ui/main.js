import { byId } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { showSignIn } from './signin.js';
import { Inbox } from './inbox.js';
import { installLinkHandler } from './links.js';
import { installZoom } from './zoom.js';
import { installLanguage, takeRestoreState } from './language.js';
import { installSpellingStart } from './spelling.js';

let inbox = null;
// A conversation window (src-tauri/popouts.rs) loads this same page to show one conversation.
const POPOUT = new URLSearchParams(location.search).has('popout');

/**
 * @param {import('./types.js').SessionInfo} session
 * @param {import('./language.js').RestoreState | null} [restore] what to show again after a language change
 */
function enterInbox(session, restore = null) {
  byId('signin-view').hidden = true;
  byId('app-view').hidden = false;
  inbox ??= new Inbox({ onSignedOut: () => showSignIn(enterInbox) });
  inbox.start(session, restore);
}

async function start() {
  // Before anything is drawn, so no text shows in one language and then another.
  await installLanguage();
  // Read once whatever the start: it is only for the first start after a language change.
  const restore = takeRestoreState();
  installLinkHandler();
  installZoom();
  installSpellingStart();
  if (POPOUT) {
    await startPopout();
    return;
  }
  try {
    const status = await call(Commands.SessionStatus);
    if (status.signedIn) {
      enterInbox(status, restore);
    } else {
      showSignIn(enterInbox);
      if (status.problem) {
        const error = byId('signin-error');
        error.textContent = status.problem;
        error.hidden = false;
      }
    }
  } catch (error) {
    showSignIn(enterInbox);
    const box = byId('signin-error');
    box.textContent = errorMessage(error);
    box.hidden = false;
  }
}

/// The conversation window's one conversation, with the inbox's sidebar and list left out. A
/// window whose conversation or account is gone has nothing to show and closes.
async function startPopout() {
  document.body.classList.add('popout');
  const close = () => call(Commands.CloseWindow).catch((error) => console.error('Could not close the window:', error));
  try {
    const [status, conversation] = await Promise.all([call(Commands.SessionStatus), call(Commands.PopoutConversation)]);
    if (!status.signedIn || !conversation) {
      await close();
      return;
    }
    byId('signin-view').hidden = true;
    byId('app-view').hidden = false;
    inbox = new Inbox({ onSignedOut: close, popout: true });
    await inbox.startPopout(status, conversation);
  } catch (error) {
    console.error('The conversation window could not start:', error);
    await close();
  }
}

start();
