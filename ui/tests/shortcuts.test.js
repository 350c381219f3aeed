import { test } from 'node:test';
import assert from 'node:assert/strict';

import { SHORTCUTS, chordLabel, shortcutFor, shortcutGroups } from '../shortcuts.js';
import { t } from '../i18n.js';
import { keyAction } from '../keyboard.js';

test('every shortcut has a unique id, a label and at least one chord', () => {
  const ids = SHORTCUTS.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const shortcut of SHORTCUTS) {
    assert.ok(shortcut.label && shortcut.where && shortcut.chords.length > 0, shortcut.id);
  }
});

test('a press finds its shortcut: Ctrl and Cmd alike, Alt never, letters with Ctrl in any case', () => {
  assert.equal(shortcutFor({ key: 'k', ctrlKey: true }, ['palette']), 'palette');
  assert.equal(shortcutFor({ key: 'K', metaKey: true }, ['palette']), 'palette');
  assert.equal(shortcutFor({ key: 'k', ctrlKey: true, altKey: true }, ['palette']), null);
  assert.equal(shortcutFor({ key: 'k' }, ['palette', 'previous']), 'previous');
  assert.equal(shortcutFor({ key: 'J' }, ['next']), null);
  assert.equal(shortcutFor({ key: '/', ctrlKey: true }, ['snippets']), 'snippets');
  assert.equal(shortcutFor({ key: 'Enter', ctrlKey: true }, ['send']), 'send');
  assert.equal(shortcutFor({ key: 'End', ctrlKey: true }, ['optionLast']), 'optionLast');
  assert.equal(shortcutFor({ key: 'Enter' }, ['send']), null);
});

test('what the sheet lists is what the key handlers do', () => {
  const inList = { inboxShown: true, focus: 'other', hasSelection: true, hasOpen: true };
  const handled = { next: 'next', previous: 'previous', open: 'open', search: 'search', reply: 'reply', shortcuts: 'shortcuts', palette: 'palette', closeWindow: 'closeWindow' };
  for (const [id, action] of Object.entries(handled)) {
    const shortcut = SHORTCUTS.find((s) => s.id === id);
    for (const chord of shortcut.chords) {
      const press = { key: chord.key, ctrlKey: Boolean(chord.ctrl) };
      assert.equal(keyAction(press, inList), action, `${id}: ${chordLabel(chord)}`);
    }
  }
  assert.equal(keyAction({ key: '?' }, { ...inList, focus: 'field' }), null, '? types in a field');
  assert.equal(keyAction({ key: 'k', ctrlKey: true }, { ...inList, focus: 'field' }), 'palette');
});

test('the sheet groups the table by where keys work and names keys as people read them', () => {
  const groups = shortcutGroups();
  assert.equal(t(groups[0].where), 'Anywhere');
  assert.equal(groups.flatMap((g) => g.shortcuts).length, SHORTCUTS.length);
  assert.equal(chordLabel({ key: 'k', ctrl: true }), 'Ctrl+K');
  assert.equal(chordLabel({ key: 'ArrowDown' }), '↓');
  assert.equal(chordLabel({ key: 'Escape' }), 'Esc');
  assert.equal(chordLabel({ key: '?' }), '?');
});
