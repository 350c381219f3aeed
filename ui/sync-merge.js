// @ts-check
// How news from the sync engine meets what the window already shows: pure functions over
// rows and messages, no DOM, so node tests them directly.
import { statusGroup } from './format.js';

/** @typedef {import('./types.js').ConversationView} ConversationView */
/** @typedef {import('./types.js').ConversationPage} ConversationPage */
/** @typedef {import('./types.js').InboxChange} InboxChange */
/** @typedef {import('./types.js').Message} Message */
/** @typedef {{ status: string | null, q: string, workspaceId: string | null }} Filter */

/**
 * Whether a row the window holds may still belong under `filter`. Only what can be told for
 * certain counts against it: the search is the server's (it also looks at subjects the list
 * never sees), and statuses compare by group, since a row may carry another vocabulary than
 * the filter's (`awaiting_contact` rows listed under `in_progress`).
 * @param {Pick<ConversationView, 'status' | 'workspaceId'>} row
 * @param {Filter} filter
 */
export function matchesFilter(row, filter) {
  if (filter.workspaceId !== null && row.workspaceId !== filter.workspaceId) return false;
  if (filter.status === null) return true;
  const want = statusGroup(filter.status);
  const have = statusGroup(row.status);
  return want === null || have === null || want === have;
}

/**
 * The list's order after the sync engine saw changes: the freshly read first page in the
 * server's order, then the rows loaded further down that it does not hold, in their order.
 * A first page without a next cursor is the whole list, so nothing else is kept; otherwise a
 * row is dropped only when it no longer matches the filter (e.g. after a local resolve). A row
 * whose data the list let go (`known` has none) cannot be told, so it stays.
 * @param {readonly string[]} loaded the ids in the list's order
 * @param {ConversationPage} page
 * @param {Filter} filter
 * @param {(id: string) => ConversationView | undefined} known what the list holds of a row
 * @returns {string[]}
 */
export function mergeFirstPage(loaded, page, filter, known) {
  const fresh = page.data.map((row) => row.id);
  if (!page.nextCursor) return fresh;
  const freshIds = new Set(fresh);
  const rest = loaded.filter((id) => {
    if (freshIds.has(id)) return false;
    const row = known(id);
    return row === undefined || matchesFilter(row, filter);
  });
  return [...fresh, ...rest];
}

// What a row shows; a row whose fields here are unchanged keeps its DOM node.
const ROW_FIELDS = /** @type {const} */ ([
  'status', 'lastMessagePreview', 'lastMessageAt', 'contactName', 'contactEmail', 'humanManaged',
  'channelType', 'channelName', 'workspaceName', 'unread',
]);

/**
 * @param {ConversationView} a
 * @param {ConversationView} b
 */
export function sameRow(a, b) {
  return ROW_FIELDS.every((field) => a[field] === b[field]);
}

/**
 * Whether two rows hold the same value in every field (a row's fields are all plain values).
 * @param {ConversationView} a
 * @param {ConversationView} b
 */
export function sameFields(a, b) {
  const keys = /** @type {(keyof ConversationView)[]} */ (Object.keys(a));
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && a[key] === b[key]);
}

/**
 * A page's rows, each replaced by the row already held for it where nothing differs: what the
 * window keeps then stays the same objects and strings, and the page's copies die young.
 * @param {ConversationView[]} rows
 * @param {(id: string) => ConversationView | undefined} held
 * @returns {ConversationView[]}
 */
export function reuseHeld(rows, held) {
  return rows.map((row) => {
    const old = held(row.id);
    return old !== undefined && sameFields(old, row) ? old : row;
  });
}

/**
 * @param {Message} a
 * @param {Message} b
 */
export function sameMessage(a, b) {
  return a.body === b.body && a.author === b.author && a.speaker === b.speaker && a.sentAt === b.sentAt
    && a.channel === b.channel && a.senderName === b.senderName && a.fromAddress === b.fromAddress;
}

/**
 * The messages of `messages` that `known` (the ids shown before) did not have.
 * @param {ReadonlySet<string>} known
 * @param {Message[]} messages
 */
export function arrivals(known, messages) {
  return messages.filter((message) => !known.has(message.id));
}

/**
 * Changes that arrive while a page or a thread loads wait here and are applied once it is in;
 * dropping them would leave the window behind until the next change.
 */
export class ChangeQueue {
  constructor() {
    /** @type {Set<string> | null} */
    this.ids = null;
  }

  /** @param {InboxChange | null | undefined} change */
  add(change) {
    this.ids ??= new Set();
    for (const id of change?.conversationIds ?? []) this.ids.add(id);
  }

  /** @returns {InboxChange | null} every change added since the last take, as one */
  take() {
    if (this.ids === null) return null;
    const change = { conversationIds: [...this.ids] };
    this.ids = null;
    return change;
  }

  get empty() {
    return this.ids === null;
  }
}
