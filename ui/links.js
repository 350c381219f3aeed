import { el } from './dom.js';
import { Commands, call } from './ipc.js';
import { showFailure } from './notices.js';
import { FOLD_AT, capMarks, cut, findLinks, flatDirection } from './text.js';
import { t } from './i18n.js';

/// A message body as elements: the body itself; when its text changes writing direction too
/// often to lay out, a note saying it is shown in one direction; and when it is longer than
/// FOLD_AT, only its start with a button that shows the rest. Stacked combining marks are capped
/// first, so what is shown, scanned and measured are the same string.
export function messageBody(text) {
  const whole = capMarks(String(text ?? ''));
  if (whole.length <= FOLD_AT) return bodyParts(whole);
  const parts = bodyParts(cut(whole, FOLD_AT));
    const more = el('button', {
    className: 'secondary show-whole', text: t('thread.showWhole', { count: Math.round(whole.length / 1024) }), attrs: { type: 'button' },
    on: {
      click: () => {
        const full = bodyParts(whole);
        parts[0].replaceWith(...full);
        for (const part of parts.slice(1)) part.remove();
        more.remove();
      },
    },
  });
  return [...parts, more];
}

/** @param {string} shown */
function bodyParts(shown) {
  const flat = flatDirection(shown);
  const body = el('div', {
    className: flat ? 'message-body flat' : 'message-body',
    attrs: { dir: flat },
  }, linkify(shown));
  if (!flat) return [body];
  const note = t('thread.flatDirection');
  return [body, el('p', { className: 'muted body-note', text: note })];
}

/// Splits text into text nodes and links. Only http(s) URLs become links, and a link only ever
/// opens through Rust (which checks the scheme again) in the system browser.
function linkify(shown) {
  const nodes = [];
  let last = 0;
  for (const link of findLinks(shown)) {
    if (link.start > last) nodes.push(document.createTextNode(shown.slice(last, link.start)));
    nodes.push(linkNode(link));
    last = link.end;
  }
  if (last < shown.length) nodes.push(document.createTextNode(shown.slice(last)));
  return nodes;
}

// The link sits in its own left-to-right isolate: right-to-left text around it cannot reorder
// its parts (or the host marker) to make it read as a different address.
function linkNode({ url, host }) {
  const anchor = el('a', { className: 'link', text: url, attrs: { href: url, rel: 'noopener noreferrer' } });
  // A host written with look-alike letters is shown as the browser will resolve it.
  const marker = host
    ? el('small', { className: 'link-host', text: ` (${host})`, attrs: { title: t('thread.linkHost') } })
    : null;
  return el('bdi', { className: 'link-isolate', attrs: { dir: 'ltr' } }, [anchor, marker]);
}

/// No anchor may navigate the app's own webview.
export function installLinkHandler(root = document) {
  root.addEventListener('click', (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!anchor) return;
    event.preventDefault();
    const url = anchor.getAttribute('href');
    if (/^https?:\/\//iu.test(url)) {
      call(Commands.OpenLink, { url }).catch((error) => showFailure('thread-banner', t('failure.openLink'), error));
    }
  });
}
