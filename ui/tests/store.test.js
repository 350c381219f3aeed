import { test } from 'node:test';
import assert from 'node:assert/strict';

import { createStore } from '../store.js';

test('set merges into the state and tells each subscriber the new and the previous state', () => {
  const store = createStore({ openId: null, filter: { status: null } });
  const seen = [];
  store.subscribe((state, previous) => seen.push([state.openId, previous.openId]));
  store.set({ openId: 'c1' });
  store.set((state) => ({ openId: `${state.openId}-next` }));
  assert.deepEqual(seen, [['c1', null], ['c1-next', 'c1']]);
  assert.deepEqual(store.get().filter, { status: null }, 'untouched keys kept');
});

test('a set that changes nothing notifies no one', () => {
  const filter = { status: 'open' };
  const store = createStore({ filter, openId: 'c1' });
  let calls = 0;
  store.subscribe(() => calls++);
  store.set({ openId: 'c1' });
  store.set({ filter });
  assert.equal(calls, 0);
  store.set({ filter: { status: 'open' } });
  assert.equal(calls, 1, 'a new object is a change: subscribers compare what they need');
});

test('an unsubscribed listener hears nothing more, and the state cannot be changed behind the store', () => {
  const store = createStore({ n: 0 });
  const heard = [];
  const stop = store.subscribe((state) => heard.push(state.n));
  store.set({ n: 1 });
  stop();
  store.set({ n: 2 });
  assert.deepEqual(heard, [1]);
  assert.throws(() => { 'use strict'; store.get().n = 5; }, TypeError);
  assert.equal(store.get().n, 2);
});

test('a listener that unsubscribes during a notification does not stop the others', () => {
  const store = createStore({ n: 0 });
  const heard = [];
  const stop = store.subscribe(() => { heard.push('a'); stop(); });
  store.subscribe(() => heard.push('b'));
  store.set({ n: 1 });
  store.set({ n: 2 });
  assert.deepEqual(heard, ['a', 'b', 'b']);
});
