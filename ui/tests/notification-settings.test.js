import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doNotDisturbText, minutesOfTime, timeOfMinutes } from '../notification-settings.js';
import { setLanguage } from '../i18n.js';

test('quiet-hour times go between minutes and the typed field both ways', () => {
  assert.equal(timeOfMinutes(0), '00:00');
  assert.equal(timeOfMinutes(22 * 60 + 5), '22:05');
  assert.equal(minutesOfTime('07:30'), 450);
  assert.equal(minutesOfTime('7:05'), 425, 'as typed');
  assert.equal(minutesOfTime(' 23:59 '), 1439);
  assert.equal(minutesOfTime('23:5'), null);
  assert.equal(minutesOfTime(''), null, 'a cleared input is not midnight');
  assert.equal(minutesOfTime('24:00'), null);
  for (const minutes of [0, 59, 60, 721, 1439]) assert.equal(minutesOfTime(timeOfMinutes(minutes)), minutes);
});

test('do not disturb says until when, and tomorrow when it ends tomorrow', () => {
  const now = new Date(2026, 11, 7, 23, 30);
  assert.equal(doNotDisturbText(null, now), 'Off');
  assert.equal(doNotDisturbText(new Date(2026, 11, 7, 23, 0).toISOString(), now), 'Off', 'over');
  assert.equal(doNotDisturbText(new Date(2026, 11, 7, 23, 45).toISOString(), now), 'On until 23:45');
  assert.equal(doNotDisturbText(new Date(2026, 11, 8, 8, 0).toISOString(), now), 'On until 08:00 tomorrow');
  assert.equal(doNotDisturbText('not a time', now), 'Off');
});

test('do not disturb speaks German in a German window', () => {
  const now = new Date(2026, 11, 7, 23, 30);
  setLanguage('de', 'de-DE');
  try {
    assert.equal(doNotDisturbText(null, now), 'Aus');
    assert.equal(doNotDisturbText(new Date(2026, 11, 7, 23, 45).toISOString(), now), 'An bis 23:45');
    assert.equal(doNotDisturbText(new Date(2026, 11, 8, 8, 0).toISOString(), now), 'An bis morgen, 08:00');
    assert.equal(doNotDisturbText(new Date(2026, 11, 10, 9, 5).toISOString(), now), 'An bis 10.12.2026, 09:05');
  } finally {
    setLanguage('en');
  }
});
