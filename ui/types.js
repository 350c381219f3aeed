// @ts-check
// The shapes Rust hands the webview, as its serde structs write them (camelCase). JSDoc only:
// nothing here runs; modules refer to these with `import('./types.js').Name`.

/**
 * A conversation as the list shows it (`ohallo_inbox::ConversationView`, the API's
 * `Conversation` flattened into it).
 * @typedef {object} ConversationView
 * @property {string} id
 * @property {string} workspaceId
 * @property {string} channelId
 * @property {string | null} contactId
 * @property {string} status any of oHallo's three vocabularies, or a value none of them knows
 * @property {string} lastMessagePreview
 * @property {string | null} lastMessageAt RFC 3339
 * @property {string | null} contactName
 * @property {string | null} contactEmail
 * @property {string | null} accountName
 * @property {boolean | null} humanManaged
 * @property {string | null} channelType
 * @property {string | null} channelName
 * @property {string | null} workspaceName
 * @property {boolean} unread
 */

/**
 * What take over, release and resolve changed (`ohallo_inbox::ConversationPatch`).
 * @typedef {object} ConversationPatch
 * @property {string} status
 * @property {boolean} humanManaged
 */

/**
 * One page of the list (`ohallo_core::Page<ConversationView>`).
 * @typedef {object} ConversationPage
 * @property {ConversationView[]} data
 * @property {string | null} nextCursor
 * @property {number} skipped rows the app could not read
 */

/**
 * What the list is asked for (`ohallo_core::ConversationQuery`).
 * @typedef {object} ConversationQuery
 * @property {string | null} status
 * @property {string} q
 * @property {string | null} workspaceId
 * @property {string | null} cursor
 * @property {number} limit
 */

/**
 * @typedef {'customer' | 'team' | 'ai' | 'system'} Author
 */

/**
 * One message of a thread (`ohallo_core::Message`).
 * @typedef {object} Message
 * @property {string} id
 * @property {Author} author
 * @property {string | null} speaker `caller` or `ai` on voice transcripts
 * @property {string} body
 * @property {string} sentAt RFC 3339
 * @property {string | null} channel
 * @property {string | null} fromAddress
 * @property {string | null} senderName
 */

/**
 * @typedef {object} MissingScope
 * @property {string} scope
 * @property {string} effect what the app cannot do without it
 */

/**
 * What the UI may know of the session (`ohallo_inbox::SessionInfo`); never the key.
 * @typedef {object} SessionInfo
 * @property {boolean} signedIn
 * @property {'live' | 'test' | null} environment
 * @property {boolean} demo
 * @property {string} baseUrl
 * @property {boolean | null} canWrite `null` when unknown
 * @property {MissingScope[]} missingScopes
 * @property {string | null} problem why the sign-in screen shows, when not the user's choice
 */

/**
 * What became of a reply (`ohallo_inbox::ReplyOutcome`, tagged by `state`).
 * @typedef {{ state: 'sent' } | { state: 'unknown', sentAt: string } | { state: 'notSeen' }} ReplyOutcome
 */

/**
 * Every command's failure (`UiError` in src-tauri/ui_error.rs).
 * @typedef {object} UiError
 * @property {string} kind stable, for branching: `unauthorized`, `conflict`, `forbidden`, …
 * @property {string} message one sentence for the user
 * @property {string | null} missingScope
 */

/**
 * @typedef {object} Workspace
 * @property {string} id
 * @property {string} name
 * @property {string | null} brandId
 */

/**
 * @typedef {object} NotificationPreferences
 * @property {boolean} paused
 * @property {string[]} muted conversation ids
 */

/**
 * The `inbox-changed` payload (`ohallo_inbox::InboxChange`).
 * @typedef {object} InboxChange
 * @property {string[]} conversationIds new, or whose last message moved
 */

/**
 * The `connection-changed` payload.
 * @typedef {{ online: true } | { online: false, reason: string }} ConnectionState
 */

export {};
