import { byId } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { showSignIn } from './signin.js';
import { Inbox } from './inbox.js';
import { installLinkHandler } from './links.js';
import { installZoom } from './zoom.js';

let inbox = null;

function enterInbox(session) {
  byId('signin-view').hidden = true;
  byId('app-view').hidden = false;
  inbox ??= new Inbox({ onSignedOut: () => showSignIn(enterInbox) });
  inbox.start(session);
}

async function start() {
  installLinkHandler();
  installZoom();
  try {
    const status = await call(Commands.SessionStatus);
    if (status.signedIn) {
      enterInbox(status);
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

start();
