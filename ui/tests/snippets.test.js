import { test } from 'node:test';
import assert from 'node:assert/strict';

import { fillSnippet, rankByQuery, snippetValues, stillUnfilled } from '../snippets.js';

const values = snippetValues({ contactName: '  Jane van Dijk ', workspaceName: 'Shop', agentName: 'Ada' });

test('known variables are filled, the caret goes where {cursor} was and {cursor} is removed', () => {
  const filled = fillSnippet('Hi {contact.firstName},\n{cursor}\nBest, {agent.name} ({workspace.name})', values);
  assert.equal(filled.text, 'Hi Jane,\n\nBest, Ada (Shop)');
  assert.equal(filled.caret, 'Hi Jane,\n'.length);
  assert.deepEqual(filled.unfilled, []);
  assert.equal(fillSnippet('{contact.name}', values).text, 'Jane van Dijk');
});

test('without {cursor} the caret goes to the end; only the first {cursor} places it', () => {
  assert.equal(fillSnippet('Thanks!', values).caret, 7);
  const twice = fillSnippet('a{cursor}b{cursor}c', values);
  assert.deepEqual([twice.text, twice.caret], ['abc', 1]);
});

test('unknown and empty variables stay visible and are named once each', () => {
  const empty = snippetValues({ contactName: null, workspaceName: 'Shop', agentName: '' });
  const filled = fillSnippet('Dear {contact.firstName}, order {order.id} {order.id} — {agent.name}', empty);
  assert.equal(filled.text, 'Dear {contact.firstName}, order {order.id} {order.id} — {agent.name}');
  assert.deepEqual(filled.unfilled, ['contact.firstName', 'order.id', 'agent.name']);
});

test('a value is never read again: a customer named like a variable stays literal', () => {
  const hostile = snippetValues({ contactName: '{agent.name} {cursor}', workspaceName: '', agentName: 'Ada' });
  const filled = fillSnippet('Hi {contact.name}! {agent.name}', hostile);
  assert.equal(filled.text, 'Hi {agent.name} {cursor}! Ada');
  assert.deepEqual(filled.unfilled, []);
});

test('braces that are not variables are kept as they are', () => {
  for (const text of ['{', '}', '{}', '{ not one }', 'json {"a": 1}', '{{contact.name}}', 'a}{b']) {
    const filled = fillSnippet(text, values);
    const expected = text === '{{contact.name}}' ? '{Jane van Dijk}' : text;
    assert.equal(filled.text, expected, text);
  }
});

test('filling is linear: a long run of braces takes no noticeable time', () => {
  const nasty = '{'.repeat(200_000) + 'x' + '}'.repeat(200_000) + '{a'.repeat(100_000);
  const started = performance.now();
  const filled = fillSnippet(nasty, values);
  assert.ok(performance.now() - started < 500, 'took too long');
  assert.equal(filled.text.length, nasty.length);
});

test('the warning lists only the unfilled variables still in the text', () => {
  assert.deepEqual(stillUnfilled('Dear {contact.firstName}, {order.id}', ['contact.firstName', 'order.id']), ['contact.firstName', 'order.id']);
  assert.deepEqual(stillUnfilled('Dear Jane, {order.id}', ['contact.firstName', 'order.id']), ['order.id']);
  assert.deepEqual(stillUnfilled('Dear Jane, 42', ['contact.firstName', 'order.id']), []);
});

test('items whose label starts with the query come first, then label matches, then text matches', () => {
  const items = [
    { label: 'Refund thanks', extra: 'money back' },
    { label: 'Thanks', extra: 'cheers' },
    { label: 'Shipping', extra: 'thanks for waiting' },
    { label: 'Goodbye', extra: 'bye' },
  ];
  assert.deepEqual(rankByQuery(items, 'THA', (i) => i).map((i) => i.label), ['Thanks', 'Refund thanks', 'Shipping']);
  assert.deepEqual(rankByQuery(items, 'refund tha', (i) => i).map((i) => i.label), ['Refund thanks']);
  assert.deepEqual(rankByQuery(items, '  ', (i) => i).map((i) => i.label), items.map((i) => i.label));
});
