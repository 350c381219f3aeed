import { el } from './dom.js';
import { Commands, call } from './ipc.js';
import { showFailure } from './notices.js';
import { capMarks, findLinks } from './text.js';

/// Splits text into text nodes and links. Only http(s) URLs become links, and a link only ever
/// opens through Rust (which checks the scheme again) in the system browser. Stacked combining
/// marks are capped first, so what is shown and what is scanned are the same string.
export function linkify(text) {
  const shown = capMarks(String(text ?? ''));
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
    ? el('small', { className: 'link-host', text: ` (${host})`, attrs: { title: 'Where this link really goes' } })
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
      call(Commands.OpenLink, { url }).catch((error) => showFailure('thread-banner', 'The link could not be opened', error));
    }
  });
}
