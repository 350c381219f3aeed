// @ts-check
// The one door to Rust. Every command and event name the window uses is here and nowhere else;
// src-tauri/commands.rs and src-tauri/ui_events.rs are the other side.

export const Commands = Object.freeze({
  SessionStatus: 'session_status',
  SignIn: 'sign_in',
  StartDemo: 'start_demo',
  SignOut: 'sign_out',
  ListWorkspaces: 'list_workspaces',
  ListConversations: 'list_conversations',
  GetMessages: 'get_messages',
  SendReply: 'send_reply',
  ConfirmReply: 'confirm_reply',
  TakeOver: 'take_over',
  Release: 'release',
  Resolve: 'resolve',
  MarkRead: 'mark_read',
  LoadDraft: 'load_draft',
  SaveDraft: 'save_draft',
  OpenLink: 'open_link',
  SetOpenConversation: 'set_open_conversation',
  GetPreferences: 'get_preferences',
  SetPaused: 'set_paused',
  SetMuted: 'set_muted',
  HideWindow: 'hide_window',
  GetLaunchAtLogin: 'get_launch_at_login',
  SetLaunchAtLogin: 'set_launch_at_login',
});

export const Events = Object.freeze({
  InboxChanged: 'inbox-changed',
  ConnectionChanged: 'connection-changed',
  SessionEnded: 'session-ended',
  PreferencesChanged: 'preferences-changed',
  OpenConversation: 'open-conversation',
});

/**
 * Errors arrive as a {@link import('./types.js').UiError} from the command layer.
 * @param {string} command one of {@link Commands}
 * @param {Record<string, unknown>} [args]
 * @returns {Promise<any>}
 */
export async function call(command, args = {}) {
  return window.__TAURI__.core.invoke(command, args);
}

/**
 * @param {string} event one of {@link Events}
 * @param {(payload: any) => void} handler
 */
export function listen(event, handler) {
  window.__TAURI__.event.listen(event, (/** @type {{ payload: any }} */ e) => handler(e.payload))
    .catch((/** @type {unknown} */ error) => console.error(`Could not listen for ${event}:`, error));
}

/** @param {unknown} error */
export function errorMessage(error) {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') {
    return error.message;
  }
  return String(error);
}
