// @ts-check
// The one door to Rust. Every command and event name the window uses is here and nowhere else;
// src-tauri/commands.rs and src-tauri/ui_events.rs are the other side. The payload types come
// from ui/bindings.d.ts, which ts-rs generates from the Rust types.
import { t } from './i18n.js';

/** @typedef {import('./bindings.js').Attachment} Attachment */
/** @typedef {import('./bindings.js').AttentionItem} AttentionItem */
/** @typedef {import('./bindings.js').AttentionSummary} AttentionSummary */
/** @typedef {import('./bindings.js').ConversationPatch} ConversationPatch */
/** @typedef {import('./bindings.js').Customer} Customer */
/** @typedef {import('./bindings.js').Channel} Channel */
/** @typedef {import('./bindings.js').NewConversation} NewConversation */
/** @typedef {import('./bindings.js').ConversationQuery} ConversationQuery */
/** @typedef {import('./bindings.js').ConversationView} ConversationView */
/** @typedef {import('./bindings.js').EventPayloads} EventPayloads */
/** @typedef {import('./bindings.js').Message} Message */
/** @typedef {import('./bindings.js').NotificationPreferences} NotificationPreferences */
/** @typedef {import('./bindings.js').NotificationRules} NotificationRules */
/** @typedef {import('./bindings.js').DoNotDisturb} DoNotDisturb */
/** @typedef {import('./bindings.js').ReplyOutcome} ReplyOutcome */
/** @typedef {import('./bindings.js').SavedAttachment} SavedAttachment */
/** @typedef {import('./bindings.js').SessionInfo} SessionInfo */
/** @typedef {import('./bindings.js').AccountInfo} AccountInfo */
/** @typedef {import('./bindings.js').AccountId} AccountId */
/** @typedef {import('./bindings.js').Spelling} Spelling */
/** @typedef {import('./bindings.js').SnippetBook} SnippetBook */
/** @typedef {import('./bindings.js').Workspace} Workspace */
/** @template T @typedef {import('./bindings.js').Page<T>} Page */

/**
 * Every command's arguments and result, as src-tauri/commands.rs declares them: `[args,
 * result]`, the arguments named as the Rust parameters in camelCase (Tauri's rule), `null` for
 * `()`. src-tauri/ipc_contract.rs checks every name and type here against the Rust signatures.
 * @typedef {{
 *   session_status: [{}, SessionInfo],
 *   sign_in: [{ key: string, keepUntilQuit: boolean, name: string | null }, SessionInfo],
 *   start_demo: [{}, SessionInfo],
 *   sign_out: [{ account: AccountId | null }, SessionInfo],
 *   list_workspaces: [{}, Workspace[]],
 *   list_conversations: [{ query: ConversationQuery, account: AccountId | null }, Page<ConversationView>],
 *   get_messages: [{ conversationId: string }, Message[]],
 *   send_reply: [{ conversationId: string, content: string }, ReplyOutcome],
 *   confirm_reply: [{ conversationId: string, content: string, sentAt: string }, ReplyOutcome],
 *   take_over: [{ conversationId: string }, ConversationPatch],
 *   release: [{ conversationId: string }, ConversationPatch],
 *   resolve: [{ conversationId: string, outcome: string | null }, ConversationPatch],
 *   get_customer: [{ conversationId: string, contactId: string | null }, Customer],
 *   known_channels: [{ workspaceId: string }, Channel[]],
 *   compose: [{ conversation: NewConversation }, null],
 *   get_attention: [{ conversationId: string }, AttentionItem[]],
 *   resolve_attention: [{ itemId: string }, null],
 *   approve: [{ conversationId: string }, null],
 *   attention_summary: [{}, AttentionSummary],
 *   list_attachments: [{ conversationId: string }, Attachment[]],
 *   save_attachment: [{ conversationId: string, attachmentId: string }, SavedAttachment],
 *   save_attachment_as: [{ conversationId: string, attachmentId: string, fileName: string | null }, SavedAttachment | null],
 *   open_attachment: [{ attachmentId: string }, null],
 *   mark_read: [{ conversationId: string }, null],
 *   load_draft: [{ conversationId: string }, string | null],
 *   save_draft: [{ conversationId: string, text: string }, null],
 *   open_link: [{ url: string }, null],
 *   set_open_conversation: [{ conversationId: string | null }, null],
 *   open_conversation_window: [{ conversation: ConversationView }, null],
 *   popout_conversation: [{}, ConversationView | null],
 *   get_preferences: [{}, NotificationPreferences],
 *   set_paused: [{ paused: boolean }, NotificationPreferences],
 *   set_muted: [{ conversationId: string, muted: boolean }, NotificationPreferences],
 *   close_window: [{}, null],
 *   set_notification_rules: [{ rules: NotificationRules }, NotificationPreferences],
 *   set_do_not_disturb: [{ choice: DoNotDisturb }, NotificationPreferences],
 *   set_zoom: [{ level: number }, null],
 *   get_spelling: [{}, Spelling],
 *   set_spelling: [{ language: string | null }, Spelling],
 *   start_spelling: [{}, null],
 *   get_launch_at_login: [{}, boolean],
 *   set_launch_at_login: [{ enabled: boolean }, boolean],
 *   get_snippets: [{ account: AccountId }, SnippetBook],
 *   save_snippets: [{ account: AccountId, book: SnippetBook }, SnippetBook],
 *   export_snippets: [{ account: AccountId }, boolean],
 *   import_snippets: [{ account: AccountId }, SnippetBook | null],
 *   system_languages: [{}, string[]],
 *   set_language: [{ language: string }, null],
 * }} CommandSignatures
 */

/** @typedef {keyof CommandSignatures} CommandName */
/** @template {CommandName} C @typedef {CommandSignatures[C][0]} CommandArgs */
/** @template {CommandName} C @typedef {CommandSignatures[C][1]} CommandResult */
/** @typedef {keyof EventPayloads} EventName */

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
  GetCustomer: 'get_customer',
  KnownChannels: 'known_channels',
  Compose: 'compose',
  GetAttention: 'get_attention',
  ResolveAttention: 'resolve_attention',
  Approve: 'approve',
  AttentionSummary: 'attention_summary',
  ListAttachments: 'list_attachments',
  SaveAttachment: 'save_attachment',
  SaveAttachmentAs: 'save_attachment_as',
  OpenAttachment: 'open_attachment',
  MarkRead: 'mark_read',
  LoadDraft: 'load_draft',
  SaveDraft: 'save_draft',
  OpenLink: 'open_link',
  SetOpenConversation: 'set_open_conversation',
  OpenConversationWindow: 'open_conversation_window',
  PopoutConversation: 'popout_conversation',
  GetPreferences: 'get_preferences',
  SetPaused: 'set_paused',
  SetMuted: 'set_muted',
  CloseWindow: 'close_window',
  SetNotificationRules: 'set_notification_rules',
  SetDoNotDisturb: 'set_do_not_disturb',
  SetZoom: 'set_zoom',
  GetSpelling: 'get_spelling',
  SetSpelling: 'set_spelling',
  StartSpelling: 'start_spelling',
  GetLaunchAtLogin: 'get_launch_at_login',
  SetLaunchAtLogin: 'set_launch_at_login',
  GetSnippets: 'get_snippets',
  SaveSnippets: 'save_snippets',
  ExportSnippets: 'export_snippets',
  ImportSnippets: 'import_snippets',
  SystemLanguages: 'system_languages',
  SetLanguage: 'set_language',
});

export const Events = Object.freeze({
  InboxChanged: 'inbox-changed',
  ConnectionChanged: 'connection-changed',
  SessionEnded: 'session-ended',
  AccountEnded: 'account-ended',
  PreferencesChanged: 'preferences-changed',
  OpenConversation: 'open-conversation',
  AttentionChanged: 'attention-changed',
  ConversationUpdated: 'conversation-updated',
  DownloadProgress: 'download-progress',
});

/**
 * Runs a command in Rust. Errors arrive as a {@link import('./bindings.js').UiError}.
 * @template {CommandName} C
 * @param {C} command one of {@link Commands}
 * @param {{} extends CommandArgs<C> ? [args?: CommandArgs<C>] : [args: CommandArgs<C>]} rest
 *   the arguments, which only a command without any may leave out
 * @returns {Promise<CommandResult<C>>}
 */
export async function call(command, ...rest) {
  const [args = {}] = rest;
  return /** @type {Promise<CommandResult<C>>} */ (window.__TAURI__.core.invoke(command, args));
}

/**
 * @template {EventName} E
 * @param {E} event one of {@link Events}
 * @param {(payload: EventPayloads[E]) => void} handler
 */
export function listen(event, handler) {
  window.__TAURI__.event.listen(event, (/** @type {{ payload: EventPayloads[E] }} */ e) => handler(e.payload))
    .catch((/** @type {unknown} */ error) => console.error(`Could not listen for ${event}:`, error));
}

/**
 * A command's failure as what it is, for reading its `kind` (the value itself, unchanged).
 * @param {unknown} error
 * @returns {Partial<import('./bindings.js').UiError> | null | undefined}
 */
export function asUiError(error) {
  return /** @type {Partial<import('./bindings.js').UiError> | null | undefined} */ (error);
}

// Failures whose `kind` always means the same sentence, said in the window's language; the
// others carry details only Rust's English message has.
const TRANSLATED_KINDS = new Set([
  'unauthorized', 'notFound', 'network', 'timeout', 'outcomeUnknown', 'insecureUrl',
  'alreadySignedIn', 'overlaps', 'unknownAccount', 'accountName', 'quietHours', 'window',
  'snippetNameMissing', 'snippetNameInvalid', 'snippetDuplicate', 'snippetTooLong', 'agentName',
  'snippetsTooMany', 'snippetFileTooLarge', 'notASnippetFile', 'file', 'dialog', 'noDictionary',
]);

/**
 * What a failure says to the user: the catalog's sentence for its kind when it has one,
 * else Rust's message.
 * @param {unknown} error
 */
export function errorMessage(error) {
  const failure = asUiError(error);
  if (failure?.kind && TRANSLATED_KINDS.has(failure.kind)) return t(`error.${failure.kind}`);
  if (failure?.kind === 'forbidden' && failure.missingScope) return t('error.forbiddenScope', { scope: failure.missingScope });
  if (failure && typeof failure === 'object' && typeof failure.message === 'string') return failure.message;
  return String(error);
}
