// @ts-check
// The open thread's files: listed when the thread opens (one call) and again only when new
// messages arrive, joined to their messages by messageId and shown under each message's text with a type label, a size and
// "Save" (then "Open"). File names are the customer's and hostile: control and format (bidi)
// characters are dropped, the rest capped with label() and set as text only. Rust keeps the
// download URLs and the saved paths; the window only ever sees ids and the saved name.
import { el } from './dom.js';
import { Commands, call, errorMessage } from './ipc.js';
import { label } from './text.js';

/** @typedef {import('./bindings.js').Attachment} Attachment */
/** @typedef {import('./bindings.js').SavedAttachment} SavedAttachment */

// Control, format (bidi overrides, isolates, zero-width) and line/paragraph separators: none
// belongs in a file name, and a right-to-left override makes "fdp.exe" read as "exe.pdf".
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * A file name as shown: invisible characters gone, capped; "Unnamed file" when nothing is left.
 * @param {string | null | undefined} name
 */
export function fileLabel(name) {
  const visible = label(String(name ?? '').slice(0, 4096).replace(INVISIBLE, '')).trim();
  return visible || 'Unnamed file';
}

/**
 * "12 KB", "1.5 MB", or '' when the size is unknown.
 * @param {number | null | undefined} bytes
 */
export function humanSize(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/**
 * A short type label from the content type, else the name's extension. Both are the sender's
 * claim; nothing but this label depends on them.
 * @param {string | null | undefined} contentType
 * @param {string | null | undefined} name
 */
export function fileKind(contentType, name) {
  const type = String(contentType ?? '').toLowerCase().split(';')[0].trim();
  const extension = /\.([a-z0-9]{1,8})$/i.exec(String(name ?? '').slice(-16))?.[1]?.toLowerCase() ?? '';
  if (type === 'application/pdf' || extension === 'pdf') return 'PDF';
  if (type.startsWith('image/') || ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'bmp', 'tif', 'tiff'].includes(extension)) return 'Image';
  if (type.startsWith('audio/')) return 'Audio';
  if (type.startsWith('video/')) return 'Video';
  if (type.startsWith('text/') || ['txt', 'csv', 'log', 'md'].includes(extension)) return 'Text';
  if (type.includes('spreadsheet') || type.includes('excel') || ['xls', 'xlsx', 'ods'].includes(extension)) return 'Spreadsheet';
  if (type.includes('word') || type.includes('document') || ['doc', 'docx', 'odt', 'rtf'].includes(extension)) return 'Document';
  if (type.includes('zip') || ['zip', 'gz', 'tgz', '7z', 'rar'].includes(extension)) return 'Archive';
  return 'File';
}

/**
 * "2 files", "1 file", or '' for none.
 * @param {number} count
 */
export function countLabel(count) {
  if (count <= 0) return '';
  return count === 1 ? '1 file' : `${count} files`;
}

/// The files of the open conversation, by message.
export class ThreadFiles {
  /**
   * @param {object} parts
   * @param {(count: number) => void} parts.onCount the thread header's file count
   */
  constructor({ onCount }) {
    this.onCount = onCount;
    /** @type {string | null} */
    this.conversationId = null;
    /** @type {Map<string, Attachment[]>} */
    this.byMessage = new Map();
    /** @type {Map<string, HTMLElement>} each message's file list, as built */
    this.slots = new Map();
    /** @type {Map<string, SavedAttachment>} saved in this run, by attachment id */
    this.saved = new Map();
    /** @type {Set<string> | null} the messages the thread had when last read, once it was */
    this.seen = null;
    this.generation = 0;
  }

  /** Another conversation opens, or none: nothing of this one may stay. */
  clear() {
    this.generation += 1;
    this.conversationId = null;
    this.byMessage = new Map();
    this.slots = new Map();
    this.seen = null;
    this.onCount(0);
  }

  /** @param {string} conversationId */
  async show(conversationId) {
    this.clear();
    this.conversationId = conversationId;
    await this.load(conversationId);
  }

  /**
   * The thread was read again: new messages may carry files, so they are listed once more
   * (only then: a thread read without news costs no call).
   * @param {string} conversationId
   * @param {{ id: string }[]} messages
   */
  noteMessages(conversationId, messages) {
    if (conversationId !== this.conversationId) return;
    const before = this.seen;
    this.seen = new Set(messages.map((message) => message.id));
    if (before && messages.some((message) => !before.has(message.id))) this.load(conversationId);
  }

  /** @param {string} conversationId */
  async load(conversationId) {
    const generation = ++this.generation;
    /** @type {Attachment[]} */
    let attachments;
    try {
      attachments = await call(Commands.ListAttachments, { conversationId });
    } catch (error) {
      // Files are extra: a failure shows nothing rather than a banner on every thread.
      console.error('Attachments could not be listed:', error);
      return;
    }
    if (generation !== this.generation || conversationId !== this.conversationId) return;
    this.byMessage = new Map();
    for (const attachment of attachments) {
      const list = this.byMessage.get(attachment.messageId) ?? [];
      list.push(attachment);
      this.byMessage.set(attachment.messageId, list);
    }
    this.onCount(attachments.length);
    for (const [messageId, slot] of this.slots) {
      if (slot.isConnected) this.fill(slot, messageId);
      else this.slots.delete(messageId);
    }
  }

  /**
   * The file list for a message node being built: empty (and hidden) until the files are in.
   * @param {string} messageId
   */
  slotFor(messageId) {
    const slot = el('ul', { className: 'attachments', attrs: { 'aria-label': 'Files', hidden: true } });
    this.slots.set(messageId, slot);
    this.fill(slot, messageId);
    return slot;
  }

  /**
   * @param {HTMLElement} slot
   * @param {string} messageId
   */
  fill(slot, messageId) {
    const files = this.byMessage.get(messageId) ?? [];
    slot.replaceChildren(...files.map((file) => this.item(file)));
    slot.hidden = files.length === 0;
  }

  /** @param {Attachment} file */
  item(file) {
    const name = fileLabel(file.fileName);
    const kind = fileKind(file.contentType, file.fileName);
    const size = humanSize(file.sizeBytes);
    const status = el('span', { className: 'attachment-status muted', attrs: { role: 'status' } });
    const save = el('button', {
      className: 'secondary attachment-save',
      text: 'Save',
      attrs: { type: 'button', 'aria-label': `Save ${name}` },
    });
    const open = el('button', {
      className: 'secondary attachment-open',
      text: 'Open',
      attrs: { type: 'button', 'aria-label': `Open ${name}`, hidden: true },
    });
    const item = el('li', { className: 'attachment', dataset: { id: file.id, kind: kind.toLowerCase() } }, [
      el('span', { className: 'attachment-kind', text: kind, attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'attachment-name', text: name, attrs: { title: name } }),
      size ? el('span', { className: 'attachment-size muted', text: size }) : null,
      save,
      open,
      status,
    ]);
    const saved = this.saved.get(file.id);
    if (saved) this.showSaved(saved, open, status);
    save.addEventListener('click', () => this.save(file, /** @type {HTMLButtonElement} */ (save), open, status));
    open.addEventListener('click', () => this.open(file, status));
    return item;
  }

  /**
   * @param {Attachment} file
   * @param {HTMLButtonElement} button
   * @param {HTMLElement} open
   * @param {HTMLElement} status
   */
  async save(file, button, open, status) {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    button.disabled = true;
    status.classList.remove('error');
    status.textContent = 'Saving…';
    try {
      const saved = await call(Commands.SaveAttachment, { conversationId, attachmentId: file.id });
      this.saved.set(file.id, saved);
      this.showSaved(saved, open, status);
      if (!open.hidden) open.focus();
    } catch (error) {
      status.classList.add('error');
      status.textContent = `Not saved: ${errorMessage(error)}`;
    } finally {
      button.disabled = false;
    }
  }

  /**
   * @param {SavedAttachment} saved
   * @param {HTMLElement} open
   * @param {HTMLElement} status
   */
  showSaved(saved, open, status) {
    status.classList.remove('error');
    status.textContent = `Saved in Downloads as ${fileLabel(saved.fileName)}`;
    open.hidden = !saved.canOpen;
  }

  /**
   * @param {Attachment} file
   * @param {HTMLElement} status
   */
  async open(file, status) {
    try {
      await call(Commands.OpenAttachment, { attachmentId: file.id });
    } catch (error) {
      status.classList.add('error');
      status.textContent = errorMessage(error);
    }
  }
}
