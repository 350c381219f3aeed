import { el } from './dom.js';
import { call } from './ipc.js';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"»”’]+$/u;

/// Splits text into text nodes and links. Only http(s) URLs become links, and a link only ever
/// opens through Rust (which checks the scheme again) in the system browser.
export function linkify(text) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING_PUNCTUATION, '');
    const start = match.index;
    if (start > last) nodes.push(document.createTextNode(text.slice(last, start)));
    nodes.push(el('a', { className: 'link', text: url, attrs: { href: url, rel: 'noopener noreferrer' } }));
    last = start + url.length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/// No anchor may navigate the app's own webview.
export function installLinkHandler(root = document) {
  root.addEventListener('click', (event) => {
    const anchor = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!anchor) return;
    event.preventDefault();
    const url = anchor.getAttribute('href');
    if (/^https?:\/\//iu.test(url)) {
      call('open_link', { url }).catch(() => {});
    }
  });
}
