// @ts-check
import { byId } from './dom.js';
import { Commands, asUiError, call, errorMessage } from './ipc.js';
import { showBanner } from './notices.js';
import { t } from './i18n.js';

const PAGE_SIZE = 50;
// Pages read to find the rows of one page asked for again: news for up to twice a page of
// conversations below them may have moved them down.
const REFILL_PAGES = 3;

/** @typedef {import('./types.js').ConversationPage} ConversationPage */
/** @typedef {{ page?: ConversationPage, error?: unknown }} Settled */

/// Fills the conversation list for the store's filter: the first page, further pages as the
/// reader scrolls, the first page again, merged in, when the sync engine saw changes, and a
/// page again when rows whose data the list let go come back near the view.
export class Conversations {
  /**
   * @param {object} parts
   * @param {import('./types.js').ViewStore} parts.store
   * @param {import('./list.js').ConversationList} parts.list
   * @param {(reason: string) => void} parts.onUnauthorized the key is no longer accepted
   * @param {() => void} parts.onIdle no load is under way any more
   */
  constructor({ store, list, onUnauthorized, onIdle }) {
    this.store = store;
    this.list = list;
    this.onUnauthorized = onUnauthorized;
    this.onIdle = onIdle;
    /** @type {string | null} */
    this.nextCursor = null;
    this.loading = false;
    // A load for an older filter (or session) must not fill the list of the current one.
    this.generation = 0;
    this.reloaded = Promise.resolve();
    /** @type {Set<string | null>} the cursors of pages being asked for again */
    this.refilling = new Set();
    /** @type {Set<string | null>} and of those that failed, not asked for again until a reload */
    this.failed = new Set();
    byId('list-retry').addEventListener('click', () => this.reload());
  }

  /**
   * @param {string | null} cursor
   * @returns {import('./types.js').ConversationQuery}
   */
  query(cursor) {
    const { account, ...filter } = this.store.get().filter;
    return { ...filter, cursor: cursor ?? null, limit: PAGE_SIZE };
  }

  /**
   * A page of the list as the filter has it, across accounts unless it names one.
   * @param {string | null} cursor
   */
  page(cursor) {
    return call(Commands.ListConversations, { query: this.query(cursor), account: this.store.get().filter.account });
  }

  /// The first page asked for ahead, settled so a failure waits for whoever shows it.
  /** @returns {Promise<Settled>} */
  askFirstPage() {
    return this.page(null)
      .then((page) => ({ page }), (error) => ({ error }));
  }

  /// Starts the list over for the current filter, with its first page if already asked for.
  reload(firstPage = this.askFirstPage()) {
    this.reloaded = this.load(firstPage);
    return this.reloaded;
  }

  /** @param {Promise<Settled>} firstPage */
  async load(firstPage) {
    const generation = ++this.generation;
    this.loading = true;
    this.nextCursor = null;
    this.refilling = new Set();
    this.failed = new Set();
    this.list.reset();
    this.list.setState(t('list.loading'));
    byId('list-retry').hidden = true;
    const { page, error } = await firstPage;
    if (generation !== this.generation) return;
    if (page) {
      this.list.show(page);
      this.nextCursor = page.nextCursor ?? null;
      this.list.setMore(this.nextCursor !== null);
      this.noteSkipped(page);
      this.list.setState(page.data.length === 0 ? this.emptyText() : '');
    } else {
      this.showError(error);
    }
    this.loaded(generation);
  }

  async loadMore() {
    if (this.loading || !this.nextCursor) return;
    const generation = this.generation;
    this.loading = true;
    this.list.setState(t('list.loadingMore'));
    const cursor = this.nextCursor;
    try {
      const page = await this.page(cursor);
      if (generation !== this.generation) return;
      this.list.append(page.data, cursor);
      this.nextCursor = page.nextCursor ?? null;
      this.list.setMore(this.nextCursor !== null);
      this.noteSkipped(page);
      this.list.setState('');
    } catch (error) {
      if (generation === this.generation) this.showError(error);
    } finally {
      this.loaded(generation);
    }
  }

  /** @param {number} generation */
  loaded(generation) {
    if (generation !== this.generation) return;
    this.loading = false;
    if (this.nextCursor && this.list.endIsNear()) setTimeout(() => this.loadMore(), 0);
    this.onIdle();
  }

  /// The sync engine saw changes: re-read the first page for this filter and merge it in,
  /// keyed by id, so only changed rows are rebuilt and scroll position and selection survive.
  async applyChange() {
    const generation = this.generation;
    const page = await this.page(null);
    if (generation !== this.generation) return;
    this.list.merge(page, this.store.get().filter);
    if (!page.nextCursor) this.nextCursor = null;
    this.list.setMore(this.nextCursor !== null);
    this.list.setState(this.list.count === 0 ? this.emptyText() : '');
  }

  /// Rows near the view lack the data the list let go: their page again, by the cursor it came
  /// with. News at the top may have moved the server's pages down since (a server whose cursor
  /// is an offset), so rows it no longer holds are looked for on the pages after it; rows on
  /// none of them have left this filter.
  /** @param {string | null} cursor */
  async refill(cursor) {
    if (this.refilling.has(cursor) || this.failed.has(cursor)) return;
    const generation = this.generation;
    const refilling = this.refilling;
    refilling.add(cursor);
    try {
      let page = await this.page(cursor);
      if (generation !== this.generation) return;
      let missing = this.list.refill(page.data, cursor);
      for (let more = 1; missing.length > 0 && page.nextCursor && more < REFILL_PAGES; more++) {
        page = await this.page(page.nextCursor);
        if (generation !== this.generation) return;
        missing = this.list.refill(page.data, cursor);
      }
      this.list.forget(missing);
    } catch (error) {
      if (generation !== this.generation) return;
      this.failed.add(cursor);
      this.showError(error);
    } finally {
      refilling.delete(cursor);
    }
  }

  /// Leaves out a row that the user's own action took out of the filter (resolving it under
  /// Open); mergeFirstPage does the same for rows the sync saw change.
  /** @param {string} id */
  drop(id) {
    this.list.remove(id);
    if (this.list.count === 0) this.list.setState(this.emptyText());
  }

  /// Rows the app could not read are left out of the list, but not silently.
  /** @param {ConversationPage} page */
  noteSkipped(page) {
    if (!page.skipped) return;
    const n = page.skipped;
    showBanner('list-banner', t('list.unreadable', { count: n }));
  }

  emptyText() {
    const { q } = this.store.get().filter;
    return q ? t('list.noMatch', { query: q }) : t('list.empty');
  }

  /** @param {unknown} error */
  showError(error) {
    console.error('Conversations could not be listed:', error);
    this.list.setState(t('list.loadFailed', { reason: errorMessage(error) }), 'error');
    // Beside the status line, not in it: a live region is read, not operated.
    byId('list-retry').hidden = false;
    if (asUiError(error)?.kind === 'unauthorized') this.onUnauthorized(errorMessage(error));
  }

  /// The session is over: nothing still under way may fill the next session's list.
  forget() {
    this.generation++;
    this.loading = false;
  }
}
