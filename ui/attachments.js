// @ts-check
// The open thread's files: listed when the thread opens (one call) and again only when new
// messages arrive, joined to their messages by messageId and shown under each message's text
// with a type label, a size and "Save" (a progress bar while saving, then "Open", and a preview
// for an image). File names are the customer's and hostile: control and format (bidi)
// characters are dropped, the rest capped with label() and set as text only. Rust keeps the
// download URLs and the saved paths; the window only ever sees ids and the saved name, and a
// preview comes from the saved file over the app's own preview: scheme.
import { el } from './dom.js';
import { Commands, Events, call, errorMessage, listen } from './ipc.js';
import { label } from './text.js';
import { formatNumber, t } from './i18n.js';

/** @typedef {import('./bindings.js').Attachment} Attachment */
/** @typedef {import('./bindings.js').SavedAttachment} SavedAttachment */
/**
 * One file's row as built.
 * @typedef {{ item: HTMLElement, buttons: HTMLButtonElement[], open: HTMLElement,
 *   bar: HTMLProgressElement, status: HTMLElement, name: string }} FileParts
 */

// Control, format (bidi overrides, isolates, zero-width) and line/paragraph separators: none
// belongs in a file name, and a right-to-left override makes "fdp.exe" read as "exe.pdf".
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/gu;

/**
 * A file name as shown: invisible characters gone, capped; "Unnamed file" when nothing is left.
 * @param {string | null | undefined} name
 */
export function fileLabel(name) {
  const visible = label(String(name ?? '').slice(0, 4096).replace(INVISIBLE, '')).trim();
  return visible || t('file.unnamed');
}

/**
 * "12 KB", "1.5 MB", or '' when the size is unknown.
 * @param {number | null | undefined} bytes
 */
export function humanSize(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1000) return `${formatNumber(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${formatNumber(value, { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${units[unit]}`;
}

/**
 * A short type from the content type, else the name's extension (`pdf`, `image`, … `file`);
 * `fileKindLabel` says it. Both are the sender's claim; nothing but the label and its colour
 * depends on them.
 * @param {string | null | undefined} contentType
 * @param {string | null | undefined} name
 */
export function fileKind(contentType, name) {
  const type = String(contentType ?? '').toLowerCase().split(';')[0].trim();
  const extension = /\.([a-z0-9]{1,8})$/i.exec(String(name ?? '').slice(-16))?.[1]?.toLowerCase() ?? '';
  if (type === 'application/pdf' || extension === 'pdf') return 'pdf';
  if (type.startsWith('image/') || ['jpg', 'jpeg', 'png', 'gif', 'webp', 'heic', 'bmp', 'tif', 'tiff'].includes(extension)) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('text/') || ['txt', 'csv', 'log', 'md'].includes(extension)) return 'text';
  if (type.includes('spreadsheet') || type.includes('excel') || ['xls', 'xlsx', 'ods'].includes(extension)) return 'spreadsheet';
  if (type.includes('word') || type.includes('document') || ['doc', 'docx', 'odt', 'rtf'].includes(extension)) return 'document';
  if (type.includes('zip') || ['zip', 'gz', 'tgz', '7z', 'rar'].includes(extension)) return 'archive';
  return 'file';
}

/**
 * What a file's kind is called ("PDF", "Image").
 * @param {string} kind as fileKind gives it
 */
export function fileKindLabel(kind) {
  return t(`file.kind.${kind}`);
}

/**
 * Where the saved image of `attachmentId` is previewed: the app's preview: scheme, which
 * WebView2 (Windows) reaches as an http://<scheme>.localhost origin.
 * @param {string} attachmentId
 * @param {string} [userAgent]
 */
export function previewUrl(attachmentId, userAgent = navigator.userAgent) {
  const id = encodeURIComponent(attachmentId);
  return /Windows/.test(userAgent) ? `http://preview.localhost/${id}` : `preview://localhost/${id}`;
}

/**
 * "Saving… 40 %" while the size is known, else "Saving… 1.2 MB".
 * @param {number} received
 * @param {number | null | undefined} total
 */
export function savingLabel(received, total) {
  if (typeof total === 'number' && total > 0) {
    return t('file.savingPercent', { percent: formatNumber(Math.min(1, Math.floor((received / total) * 100) / 100), { style: 'percent' }) });
  }
  return received > 0 ? t('file.savingBytes', { size: humanSize(received) }) : t('file.saving');
}

/**
 * "2 files", "1 file", or '' for none.
 * @param {number} count
 */
export function countLabel(count) {
  if (count <= 0) return '';
  return t('file.count', { count });
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
    /** @type {Map<string, (received: number) => void>} the saves under way, by attachment id */
    this.saving = new Map();
    listen(Events.DownloadProgress, ({ attachmentId, received }) => this.saving.get(attachmentId)?.(received));
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
    const slot = el('ul', { className: 'attachments', attrs: { 'aria-label': t('file.list'), hidden: true } });
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
      text: t('file.save'),
      attrs: { type: 'button', 'aria-label': t('file.saveNamed', { name }) },
    });
    const saveAs = el('button', {
      className: 'secondary attachment-save-as',
      text: t('file.saveAs'),
      attrs: { type: 'button', 'aria-label': t('file.saveAsNamed', { name }) },
    });
    const open = el('button', {
      className: 'secondary attachment-open',
      text: t('file.open'),
      attrs: { type: 'button', 'aria-label': t('file.openNamed', { name }), hidden: true },
    });
    const bar = /** @type {HTMLProgressElement} */ (el('progress', {
      className: 'attachment-progress',
      attrs: { 'aria-label': t('file.savingNamed', { name }), hidden: true },
    }));
    const item = el('li', { className: 'attachment', dataset: { id: file.id, kind } }, [
      el('span', { className: 'attachment-kind', text: fileKindLabel(kind), attrs: { 'aria-hidden': 'true' } }),
      el('span', { className: 'attachment-name', text: name, attrs: { title: name } }),
      size ? el('span', { className: 'attachment-size muted', text: size }) : null,
      el('span', { className: 'attachment-actions' }, [save, saveAs, open]),
      bar,
      status,
    ]);
    const buttons = /** @type {HTMLButtonElement[]} */ ([save, saveAs]);
    const parts = { item, buttons, open, bar, status, name };
    const saved = this.saved.get(file.id);
    if (saved) this.showSaved(file, saved, parts);
    save.addEventListener('click', () => this.save(file, parts, false));
    saveAs.addEventListener('click', () => this.save(file, parts, true));
    open.addEventListener('click', () => this.open(file, status));
    return item;
  }

  /**
   * @param {Attachment} file
   * @param {FileParts} parts
   * @param {boolean} choose ask where, in the desktop's save dialog
   */
  async save(file, parts, choose) {
    const conversationId = this.conversationId;
    if (!conversationId) return;
    const { buttons, bar, status } = parts;
    for (const button of buttons) button.disabled = true;
    const before = { text: status.textContent, error: status.classList.contains('error') };
    status.classList.remove('error');
    // While the save dialog is open nothing downloads yet: the bar waits for the first bytes.
    status.textContent = choose ? t('file.choosePlace') : savingLabel(0, file.sizeBytes);
    // Without a size the bar is indeterminate: the bytes so far are in the text.
    if (typeof file.sizeBytes === 'number' && file.sizeBytes > 0) bar.max = file.sizeBytes;
    else bar.removeAttribute('value');
    bar.hidden = choose;
    this.saving.set(file.id, (received) => {
      bar.hidden = false;
      if (bar.hasAttribute('max')) bar.value = Math.min(received, bar.max);
      status.textContent = savingLabel(received, file.sizeBytes);
    });
    try {
      const saved = choose
        ? await call(Commands.SaveAttachmentAs, { conversationId, attachmentId: file.id, fileName: file.fileName ?? null })
        : await call(Commands.SaveAttachment, { conversationId, attachmentId: file.id });
      if (saved) {
        this.saved.set(file.id, saved);
        this.showSaved(file, saved, parts);
        if (!parts.open.hidden) parts.open.focus();
      } else {
        // Cancelled in the dialog: as it was.
        status.textContent = before.text;
        status.classList.toggle('error', before.error);
      }
    } catch (error) {
      status.classList.add('error');
      status.textContent = t('file.notSaved', { reason: errorMessage(error) });
    } finally {
      this.saving.delete(file.id);
      bar.hidden = true;
      for (const button of buttons) button.disabled = false;
    }
  }

  /**
   * @param {Attachment} file
   * @param {SavedAttachment} saved
   * @param {FileParts} parts
   */
  showSaved(file, saved, { item, open, status, name }) {
    status.classList.remove('error');
    status.textContent = t('file.savedIn', { folder: label(saved.folder) || t('file.yourFiles'), name: fileLabel(saved.fileName) });
    open.hidden = !saved.canOpen;
    if (saved.preview && !item.querySelector('.attachment-preview')) {
      item.append(el('img', {
        className: 'attachment-preview',
        attrs: { src: previewUrl(file.id), alt: t('file.preview', { name }), decoding: 'async' },
      }));
    }
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
