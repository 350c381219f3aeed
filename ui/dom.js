// Builds DOM from data without ever parsing strings as HTML: every piece of customer text goes in
// through textContent or an attribute, so markup in it stays literal text.
export function el(tag, options = {}, children = []) {
  const node = document.createElement(tag);
  const { className, text, attrs, dataset, on } = options;
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  if (dataset) {
    for (const [name, value] of Object.entries(dataset)) node.dataset[name] = String(value);
  }
  if (on) {
    for (const [event, handler] of Object.entries(on)) node.addEventListener(event, handler);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  node.replaceChildren();
}

/**
 * The element with `id`. Typed as always there: every id the modules look up is in index.html,
 * and the modules have always used the result without checking.
 * @param {string} id
 * @returns {HTMLElement}
 */
export const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/// Makes `parent`'s children the nodes for `items`, in order, keyed by `key`: a node is built
/// only for a new key or changed data (`same` says), the others are kept (with their focus,
/// selection and scroll) and at most moved. `cache` (key → { item, node }) carries the nodes
/// from one call to the next. Work is linear in the number of items.
export function reconcile(parent, cache, items, { key, build, same }) {
  const wanted = new Map();
  for (const item of items) {
    const k = key(item);
    const known = cache.get(k);
    const node = known && same(known.item, item) ? known.node : build(item);
    if (known && known.node !== node) known.node.replaceWith(node);
    wanted.set(k, { item, node });
  }
  for (const [k, { node }] of cache) if (!wanted.has(k)) node.remove();
  let cursor = parent.firstChild;
  for (const { node } of wanted.values()) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  cache.clear();
  for (const [k, entry] of wanted) cache.set(k, entry);
}
