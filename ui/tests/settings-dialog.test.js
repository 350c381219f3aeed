import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSettingsKey } from '../settings-dialog.js';

test('Ctrl+, and Cmd+, open the settings; a comma alone or with Alt does not', () => {
  assert.equal(isSettingsKey({ key: ',', ctrlKey: true }), true);
  assert.equal(isSettingsKey({ key: ',', metaKey: true }), true);
  assert.equal(isSettingsKey({ key: ',' }), false);
  assert.equal(isSettingsKey({ key: ',', ctrlKey: true, altKey: true }), false);
  assert.equal(isSettingsKey({ key: '.', ctrlKey: true }), false);
});
