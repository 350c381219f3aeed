import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OFF, dictionaryLabel, languageNames, spellingOptions } from '../spelling.js';

const english = languageNames('en');

test('a dictionary is named in words, or by its own name where the runtime cannot tell', () => {
  assert.equal(dictionaryLabel('de_DE', english), 'German (Germany)');
  assert.equal(dictionaryLabel('en_US', english), 'English (United States)');
  assert.equal(dictionaryLabel('de_DE', null), 'de_DE');
  assert.equal(dictionaryLabel('not a tag!', english), 'not a tag!');
});

test('Off comes first, then the installed dictionaries by name', () => {
  const options = spellingOptions({ languages: ['en_US', 'de_DE', 'de_AT'], active: 'de_DE' }, english);
  assert.deepEqual(options, [
    { value: OFF, label: 'Off' },
    { value: 'en_US', label: 'English (United States)' },
    { value: 'de_AT', label: 'German (Austria)' },
    { value: 'de_DE', label: 'German (Germany)' },
  ]);
  assert.deepEqual(spellingOptions({ languages: [], active: null }, english), [{ value: OFF, label: 'Off' }]);
});
