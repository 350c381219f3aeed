import { test } from 'node:test';
import assert from 'node:assert/strict';

import { ChangeQueue, arrivals, matchesFilter, mergeFirstPage, reuseHeld, sameFields, sameMessage, sameRow } from '../sync-merge.js';

const all = { status: null, q: '', workspaceId: null };
const row = (id, extra = {}) => ({
  id, workspaceId: 'w1', channelId: 'ch', contactId: null, status: 'open', lastMessagePreview: `preview ${id}`,
  lastMessageAt: '2026-01-01T10:00:00Z', contactName: `Name ${id}`, contactEmail: null, accountName: null,
  humanManaged: false, channelType: 'email', channelName: null, workspaceName: 'W', unread: false, ...extra,
});
const ids = (rows) => rows.map((r) => r.id);
/** Merges as the list does: its ids in order, and the rows whose data it holds. */
const merge = (loaded, page, filter, held = loaded) => {
  const known = new Map(held.map((r) => [r.id, r]));
  return mergeFirstPage(ids(loaded), page, filter, (id) => known.get(id));
};

test('a changed row is updated in place and moves where the server puts it', () => {
  const loaded = [row('a'), row('b'), row('c'), row('d')];
  const page = { data: [row('c', { lastMessagePreview: 'new', unread: true }), row('a')], nextCursor: 'next', skipped: 0 };
  const merged = merge(loaded, page, all);
  assert.deepEqual(merged, ['c', 'a', 'b', 'd'], 'the fresh page first, then the rest in their order');
  assert.equal(merged.filter((id) => id === 'c').length, 1, 'no row twice');
});

test('a new conversation is inserted at its place in the first page', () => {
  const loaded = [row('a'), row('b')];
  const page = { data: [row('n'), row('a')], nextCursor: 'next', skipped: 0 };
  assert.deepEqual(merge(loaded, page, all), ['n', 'a', 'b']);
});

test('a first page without a next cursor is the whole list: rows it lacks are gone', () => {
  const loaded = [row('a'), row('b'), row('c')];
  const page = { data: [row('c'), row('a')], nextCursor: null, skipped: 0 };
  assert.deepEqual(merge(loaded, page, all), ['c', 'a']);
});

test('a row loaded further down that no longer matches the filter is removed', () => {
  const open = { ...all, status: 'open' };
  const loaded = [row('a'), row('b', { status: 'resolved' }), row('c'), row('d', { status: 'closed' })];
  const page = { data: [row('a')], nextCursor: 'next', skipped: 0 };
  assert.deepEqual(merge(loaded, page, open), ['a', 'c']);
});

test('a row whose data the list let go stays: nothing tells that it left the filter', () => {
  const open = { ...all, status: 'open' };
  const loaded = [row('a'), row('b', { status: 'resolved' }), row('c', { status: 'resolved' })];
  const page = { data: [row('a')], nextCursor: 'next', skipped: 0 };
  assert.deepEqual(merge(loaded, page, open, [row('a'), row('b', { status: 'resolved' })]), ['a', 'c']);
});

test('statuses match by group, and unknown statuses are not taken as a mismatch', () => {
  const inProgress = { ...all, status: 'in_progress' };
  assert.ok(matchesFilter(row('a', { status: 'awaiting_contact' }), inProgress));
  assert.ok(matchesFilter(row('a', { status: 'human_managed' }), inProgress));
  assert.ok(!matchesFilter(row('a', { status: 'resolved' }), inProgress));
  assert.ok(matchesFilter(row('a', { status: 'escalated' }), inProgress), 'the server said it belongs');
  assert.ok(matchesFilter(row('a', { status: 'resolved' }), all));
  assert.ok(!matchesFilter(row('a', { workspaceId: 'w2' }), { ...all, workspaceId: 'w1' }));
  assert.ok(matchesFilter(row('a'), { ...all, q: 'anything' }), 'search is the server’s to judge');
});

test('sameRow tells a row worth rebuilding from one that is not', () => {
  assert.ok(sameRow(row('a'), row('a')));
  assert.ok(!sameRow(row('a'), row('a', { unread: true })));
  assert.ok(!sameRow(row('a'), row('a', { status: 'resolved' })));
  assert.ok(!sameRow(row('a'), row('a', { lastMessagePreview: 'other' })));
});

test('a fresh page keeps the rows already held where no field differs, and takes the rest', () => {
  const held = new Map([['a', row('a')], ['b', row('b')], ['c', row('c')]]);
  // Fields a row does not draw count too: the held copy would otherwise go stale.
  const page = [row('n'), row('a'), row('b', { contactId: 'k1' }), row('c')];
  const merged = reuseHeld(page, (id) => held.get(id));
  assert.deepEqual(ids(merged), ['n', 'a', 'b', 'c']);
  assert.equal(merged[0], page[0], 'a row not held is the page\'s');
  assert.equal(merged[1], held.get('a'), 'an unchanged row is the one held');
  assert.equal(merged[2], page[2], 'a row with any field changed is the page\'s');
  assert.equal(merged[3], held.get('c'));
});

test('sameFields compares every field, and a field missing on one side is a difference', () => {
  assert.ok(sameFields(row('a'), row('a')));
  assert.ok(!sameFields(row('a'), row('a', { accountName: 'Acme' })));
  const { contactEmail: _, ...fewer } = row('a');
  assert.ok(!sameFields(row('a'), /** @type {any} */ ({ ...fewer, other: null })));
  assert.ok(!sameFields(/** @type {any} */ ({ ...fewer, other: null }), row('a')));
});

const message = (id, extra = {}) => ({
  id, author: 'customer', speaker: null, body: `body ${id}`, sentAt: '2026-01-01T10:00:00Z', channel: null,
  fromAddress: null, senderName: null, ...extra,
});

test('arrivals are the messages not shown before, in order; sameMessage compares what is drawn', () => {
  const known = new Set(['m1', 'm2']);
  const now = [message('m1'), message('m2'), message('m3'), message('m4')];
  assert.deepEqual(ids(arrivals(known, now)), ['m3', 'm4']);
  assert.deepEqual(arrivals(new Set(ids(now)), now), []);
  assert.ok(sameMessage(message('m1'), message('m1')));
  assert.ok(!sameMessage(message('m1'), message('m1', { body: 'edited' })));
});

test('changes queued during a load come out once, as one, with every id', () => {
  const queue = new ChangeQueue();
  assert.ok(queue.empty);
  assert.equal(queue.take(), null);
  queue.add({ conversationIds: ['a', 'b'] });
  queue.add({ conversationIds: ['b', 'c'] });
  queue.add(null);
  assert.ok(!queue.empty);
  assert.deepEqual(queue.take(), { conversationIds: ['a', 'b', 'c'] });
  assert.ok(queue.empty);
  assert.equal(queue.take(), null, 'nothing twice');
  queue.add({ conversationIds: [] });
  assert.deepEqual(queue.take(), { conversationIds: [] }, 'a change with no ids still asks for a re-read');
});
