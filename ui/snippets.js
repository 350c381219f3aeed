// @ts-check
// Filling a snippet's variables, pure (node tests it). One pass over the snippet's text: what a
// variable is filled with is never read again, so a customer named "{agent.name}" stays that
// literal text. Linear in the text's length.

/** The variables a snippet may use, for the settings' help and the tests. */
export const VARIABLES = Object.freeze([
  { name: 'contact.firstName', means: 'snippets.var.firstName' },
  { name: 'contact.name', means: 'snippets.var.name' },
  { name: 'workspace.name', means: 'snippets.var.workspace' },
  { name: 'agent.name', means: 'snippets.var.agent' },
  { name: 'cursor', means: 'snippets.var.cursor' },
]);

/** Longer than any variable's name: a longer `{…}` is text, not a variable. */
const MAX_NAME = 64;

/**
 * What the variables are filled with; an empty or missing value leaves the variable unfilled.
 * @typedef {Partial<Record<string, string>>} SnippetValues
 */

/**
 * The values for a conversation.
 * @param {{ contactName?: string | null, workspaceName?: string | null, agentName?: string | null }} facts
 * @returns {SnippetValues}
 */
export function snippetValues({ contactName, workspaceName, agentName }) {
  const name = (contactName ?? '').trim();
  return {
    'contact.name': name,
    'contact.firstName': name.split(/\s/, 1)[0],
    'workspace.name': (workspaceName ?? '').trim(),
    'agent.name': (agentName ?? '').trim(),
  };
}

/**
 * The snippet's text with its variables filled: `caret` is where the first `{cursor}` was (the
 * end without one); `unfilled` lists each variable left as `{…}` (unknown, or without a value).
 * @param {string} text
 * @param {SnippetValues} values
 * @returns {{ text: string, caret: number, unfilled: string[] }}
 */
export function fillSnippet(text, values) {
  let out = '';
  let caret = -1;
  /** @type {Set<string>} */
  const unfilled = new Set();
  let at = 0;
  while (at < text.length) {
    let open = text.indexOf('{', at);
    const close = open < 0 ? -1 : text.indexOf('}', open + 1);
    if (close < 0) break;
    // "{{a}": the variable starts at the last brace before the closing one.
    open = text.lastIndexOf('{', close);
    out += text.slice(at, open);
    const name = text.slice(open + 1, close);
    const value = isVariableName(name) ? values[name] : undefined;
    if (name === 'cursor') {
      if (caret < 0) caret = out.length;
    } else if (value) {
      out += value;
    } else {
      out += text.slice(open, close + 1);
      if (isVariableName(name)) unfilled.add(name);
    }
    at = close + 1;
  }
  out += text.slice(at);
  return { text: out, caret: caret < 0 ? out.length : caret, unfilled: [...unfilled] };
}

/** @param {string} name */
function isVariableName(name) {
  return name.length > 0 && name.length <= MAX_NAME && /^[A-Za-z][A-Za-z0-9_.]*$/.test(name);
}

/**
 * The unfilled variables still in `text` (each as `{name}`), so the warning goes once the
 * user filled or removed them.
 * @param {string} text
 * @param {Iterable<string>} names
 */
export function stillUnfilled(text, names) {
  return [...names].filter((name) => text.includes(`{${name}}`));
}

/**
 * The items whose label has every word of `query` (ignoring case), those starting with it
 * first; then those whose `extra` text has them. In their order otherwise.
 * @template T
 * @param {readonly T[]} items
 * @param {string} query
 * @param {(item: T) => { label: string, extra?: string }} text
 * @returns {T[]}
 */
export function rankByQuery(items, query, text) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...items];
  const whole = words.join(' ');
  /** @type {T[][]} */
  const tiers = [[], [], []];
  for (const item of items) {
    const { label, extra = '' } = text(item);
    const lower = label.toLowerCase();
    if (lower.startsWith(whole)) tiers[0].push(item);
    else if (words.every((word) => lower.includes(word))) tiers[1].push(item);
    else if (words.every((word) => extra.toLowerCase().includes(word))) tiers[2].push(item);
  }
  return tiers.flat();
}
