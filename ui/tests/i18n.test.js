// The one catalog: both languages say the same things with the same placeholders, every key
// the sources use exists, and dates, times, numbers and plurals follow the chosen language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { CATALOGS, localeFor, resolveLanguage, setLanguage, t } from '../i18n.js';
import { humanSize, savingLabel, countLabel, fileKindLabel } from '../attachments.js';
import { attentionTitle, channelLabel, localTime, relativeTime, statusDetail, statusLabel } from '../format.js';
import { errorMessage } from '../ipc.js';
import { SHORTCUTS } from '../shortcuts.js';
import { VARIABLES } from '../snippets.js';

const ui = fileURLToPath(new URL('..', import.meta.url));
const { en, de } = CATALOGS;

/** The placeholders of an entry, over all its plural forms. */
function placeholders(entry) {
  const forms = typeof entry === 'string' ? [entry] : Object.values(entry);
  return [...new Set(forms.flatMap((form) => [...form.matchAll(/\{(\w+)\}/gu)].map((m) => m[1])))].sort();
}

/** Runs `body` in `language`, and goes back to English whatever happens. */
function inLanguage(language, locale, body) {
  setLanguage(language, locale);
  try {
    body();
  } finally {
    setLanguage('en');
  }
}

test('English and German have exactly the same keys and the same placeholders', () => {
  assert.deepEqual(Object.keys(de).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.deepEqual(placeholders(de[key]), placeholders(en[key]), key);
    for (const entry of [en[key], de[key]]) {
      if (typeof entry !== 'string') assert.deepEqual(Object.keys(entry).sort(), ['one', 'other'], key);
    }
  }
});

test('every key the scripts and index.html use is in the catalog', () => {
  const used = new Set();
  for (const file of readdirSync(ui).filter((name) => name.endsWith('.js'))) {
    const source = readFileSync(`${ui}/${file}`, 'utf8');
    for (const match of source.matchAll(/\bt\(\s*'([^']+)'/gu)) used.add(match[1]);
  }
  const html = readFileSync(`${ui}/index.html`, 'utf8');
  for (const match of html.matchAll(/data-i18n="([^"]+)"/gu)) used.add(match[1]);
  for (const match of html.matchAll(/data-i18n-attr="([^"]+)"/gu)) {
    for (const pair of match[1].split(';')) used.add(pair.split(':')[1].trim());
  }
  assert.ok(used.size > 100, `the scan found ${used.size} keys`);
  for (const key of used) assert.ok(key in en, `${key} is used but not in the catalog`);
});

test('keys made from data (statuses, channels, kinds, errors) are all in the catalog', () => {
  const families = {
    status: ['open', 'in_progress', 'awaiting_contact', 'resolved', 'closed', 'abandoned', 'new', 'active', 'human_managed', 'waiting'],
    channel: ['email', 'chat', 'whatsapp', 'voice'],
    'file.kind': ['pdf', 'image', 'audio', 'video', 'text', 'spreadsheet', 'document', 'archive', 'file'],
    'attention.kind': ['validation_failed', 'human_requested', 'escalation'],
    error: ['unauthorized', 'notFound', 'network', 'timeout', 'outcomeUnknown', 'insecureUrl'],
    'notify.for': ['all', 'humanQueue', 'needsHuman'],
    palette: ['takeOver', 'release', 'resolve', 'approve'],
  };
  for (const [family, names] of Object.entries(families)) {
    for (const name of names) assert.ok(`${family}.${name}` in en, `${family}.${name}`);
  }
  for (const key of [...SHORTCUTS.flatMap((s) => [s.where, s.label]), ...VARIABLES.map((v) => v.means)]) {
    assert.ok(key in en, key);
  }
});

test('placeholders are filled once, from the template only', () => {
  assert.equal(t('thread.newMessageFrom', { name: 'Ana {name}' }), 'New message from Ana {name}');
  assert.equal(t('no.such.key'), 'no.such.key');
  inLanguage('de', 'de-DE', () => {
    assert.equal(t('thread.newMessageFrom', { name: 'Ana' }), 'Neue Nachricht von Ana');
  });
});

test('plurals follow the language’s rules, counts are written its way', () => {
  assert.equal(countLabel(1), '1 file');
  assert.equal(countLabel(3), '3 files');
  assert.equal(t('list.unreadable', { count: 1 }), '1 conversation could not be read and is not shown.');
  inLanguage('de', 'de-DE', () => {
    assert.equal(countLabel(1), '1 Datei');
    assert.equal(countLabel(1200), '1.200 Dateien');
    assert.equal(t('list.unreadable', { count: 2 }), '2 Unterhaltungen konnten nicht gelesen werden und werden nicht angezeigt.');
  });
});

test('the system language is followed unless one is chosen; unknown ones fall back to English', () => {
  assert.equal(resolveLanguage('system', ['de-DE', 'en-US']), 'de');
  assert.equal(resolveLanguage(null, ['de_AT']), 'de');
  assert.equal(resolveLanguage('system', ['fr-FR', 'de-CH']), 'de');
  assert.equal(resolveLanguage('system', ['fr-FR']), 'en');
  assert.equal(resolveLanguage('en', ['de-DE']), 'en');
  assert.equal(resolveLanguage('de', ['en-US']), 'de');
  assert.equal(resolveLanguage('xx', []), 'en');
  assert.equal(localeFor('de', ['de-CH', 'en']), 'de-CH');
  assert.equal(localeFor('de', ['en-GB']), 'de');
  assert.equal(localeFor('en', ['en-GB']), 'en-GB');
});

test('dates, times, sizes and statuses in German', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  inLanguage('de', 'de-DE', () => {
    assert.equal(relativeTime('2026-03-10T11:59:50Z', now), 'jetzt');
    assert.equal(relativeTime('2026-03-10T10:00:00Z', now), 'vor 2 Std.');
    assert.equal(relativeTime('2026-03-09T12:00:00Z', now), 'gestern');
    assert.match(relativeTime('2026-01-05T12:00:00Z', now), /^5\. Jan\.?$/u);
    assert.match(localTime('2026-01-05T09:07:00Z'), /^5\. Jan\.?, \d\d:07$/u);
    assert.equal(humanSize(1500), '1,5 KB');
    assert.equal(humanSize(245_760), '246 KB');
    assert.equal(savingLabel(399, 1000), 'Wird gespeichert… 39\u00a0%');
    assert.equal(statusLabel('awaiting_contact'), 'In Bearbeitung');
    assert.equal(statusDetail('awaiting_contact'), 'Wartet auf Kunden');
    assert.equal(channelLabel('email'), 'E-Mail');
    assert.equal(fileKindLabel('image'), 'Bild');
    assert.equal(attentionTitle('odd_kind'), 'Eingreifen nötig: odd_kind');
  });
  assert.equal(relativeTime('2026-03-10T10:00:00Z', now), '2h ago');
  assert.equal(humanSize(1500), '1.5 KB');
});

test('errors are said in the window’s language by their kind, else as Rust said them', () => {
  inLanguage('de', 'de-DE', () => {
    assert.equal(errorMessage({ kind: 'network', message: 'Could not reach oHallo.' }), 'oHallo ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung.');
    assert.equal(errorMessage({ kind: 'forbidden', message: 'x', missingScope: 'customers:read' }),
      'Diesem API-Schlüssel fehlt die Berechtigung „customers:read“. Erstellen Sie im oHallo-Dashboard einen Schlüssel mit dieser Berechtigung.');
    assert.equal(errorMessage({ kind: 'conflict', message: 'oHallo refused because of the conversation\'s state: closed.' }),
      'oHallo refused because of the conversation\'s state: closed.');
  });
  assert.equal(errorMessage({ kind: 'timeout', message: 'oHallo did not answer in time. Try again.' }), 'oHallo did not answer in time. Try again.');
  assert.equal(errorMessage('plain'), 'plain');
});
