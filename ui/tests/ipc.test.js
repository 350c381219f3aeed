// Rules every UI module keeps, checked over the sources: names only through ui/ipc.js (which
// src-tauri/ipc_contract.rs compares with the shell's), no failure swallowed, no HTML parsed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

import { Commands, Events } from '../ipc.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const uiModules = readdirSync(new URL('ui/', root)).filter((name) => name.endsWith('.js'));

test('no module but ipc.js spells a command or event name', () => {
  const names = [...Object.values(Commands), ...Object.values(Events)];
  for (const file of uiModules.filter((name) => name !== 'ipc.js')) {
    const source = read(`ui/${file}`);
    for (const name of names) assert.ok(!source.includes(`'${name}'`), `${file} spells '${name}'`);
  }
});

test('no module swallows a failure or parses a string as HTML', () => {
  for (const file of uiModules) {
    const source = read(`ui/${file}`);
    assert.ok(!/\.catch\(\s*\(\s*\)\s*=>\s*\{\s*\}\s*\)/u.test(source), `${file} swallows a rejection`);
    assert.ok(!/\b(innerHTML|outerHTML|insertAdjacentHTML)\b|document\.write/u.test(source), `${file} parses HTML`);
  }
});
