import { test } from 'node:test';
import assert from 'node:assert/strict';

import { focusKind, keyAction, tabKeyTarget } from '../keyboard.js';

const inList = { inboxShown: true, focus: 'other', hasSelection: true, hasOpen: true };

test('the list keys: j/k and arrows move, Enter opens, / searches, r replies', () => {
  const cases = [
    ['j', 'next'], ['ArrowDown', 'next'], ['k', 'previous'], ['ArrowUp', 'previous'],
    ['Enter', 'open'], ['/', 'search'], ['r', 'reply'], ['x', null], ['Escape', null],
  ];
  for (const [key, action] of cases) assert.equal(keyAction({ key }, inList), action, key);
});

test('Ctrl+W (or Cmd+W) hides the window on every screen; other modified keys do nothing', () => {
  const signIn = { ...inList, inboxShown: false };
  assert.equal(keyAction({ key: 'w', ctrlKey: true }, signIn), 'closeWindow');
  assert.equal(keyAction({ key: 'W', metaKey: true }, inList), 'closeWindow');
  assert.equal(keyAction({ key: 'j' }, signIn), null);
  assert.equal(keyAction({ key: 'j', ctrlKey: true }, inList), null);
  assert.equal(keyAction({ key: 'j', altKey: true }, inList), null);
});

test('typing is left alone, except Escape out of the search box', () => {
  for (const key of ['j', 'k', '/', 'r', 'Enter', 'ArrowDown']) {
    assert.equal(keyAction({ key }, { ...inList, focus: 'field' }), null, key);
    assert.equal(keyAction({ key }, { ...inList, focus: 'search' }), null, key);
  }
  assert.equal(keyAction({ key: 'Escape' }, { ...inList, focus: 'search' }), 'leaveSearch');
  assert.equal(keyAction({ key: 'Escape' }, { ...inList, focus: 'field' }), null);
});

test('the tab list keeps its arrows and buttons keep Enter', () => {
  const tabs = { ...inList, focus: 'tablist' };
  assert.equal(keyAction({ key: 'ArrowDown' }, tabs), null);
  assert.equal(keyAction({ key: 'ArrowUp' }, tabs), null);
  assert.equal(keyAction({ key: 'Enter' }, tabs), null);
  assert.equal(keyAction({ key: 'j' }, tabs), 'next');
  assert.equal(keyAction({ key: 'Enter' }, { ...inList, focus: 'button' }), null);
  assert.equal(keyAction({ key: 'ArrowDown' }, { ...inList, focus: 'button' }), 'next');
});

test('Enter needs a selected row and r an open thread', () => {
  assert.equal(keyAction({ key: 'Enter' }, { ...inList, hasSelection: false }), null);
  assert.equal(keyAction({ key: 'r' }, { ...inList, hasOpen: false }), null);
});

test('tab keys wrap around and Home/End go to the ends', () => {
  assert.equal(tabKeyTarget('ArrowDown', 0, 5), 1);
  assert.equal(tabKeyTarget('ArrowRight', 4, 5), 0);
  assert.equal(tabKeyTarget('ArrowUp', 0, 5), 4);
  assert.equal(tabKeyTarget('ArrowLeft', 3, 5), 2);
  assert.equal(tabKeyTarget('Home', 3, 5), 0);
  assert.equal(tabKeyTarget('End', 1, 5), 4);
  assert.equal(tabKeyTarget('Enter', 1, 5), null);
  assert.equal(tabKeyTarget('ArrowDown', 0, 0), null);
});

test('focus kinds from the focused element', () => {
  const element = ({ id = '', is = [], inside = [] }) => ({
    id,
    matches: (selector) => selector.split(', ').some((s) => is.includes(s)),
    closest: (selector) => (inside.includes(selector) ? {} : null),
  });
  assert.equal(focusKind(null), 'other');
  assert.equal(focusKind(element({ id: 'search', is: ['input'] })), 'search');
  assert.equal(focusKind(element({ is: ['textarea'] })), 'field');
  assert.equal(focusKind(element({ is: ['button'], inside: ['[role=tablist]'] })), 'tablist');
  assert.equal(focusKind(element({ is: ['button'] })), 'button');
  assert.equal(focusKind(element({ is: ['ul'] })), 'other');
});
