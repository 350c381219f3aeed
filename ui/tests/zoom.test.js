import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ZOOM_STEPS, clampZoom, nextZoom, zoomKey } from '../zoom.js';

test('Ctrl with =, +, - and 0 zoom; other keys and Alt do not', () => {
  assert.equal(zoomKey({ key: '=', ctrlKey: true }), 'in');
  assert.equal(zoomKey({ key: '+', ctrlKey: true }), 'in');
  assert.equal(zoomKey({ key: '-', ctrlKey: true }), 'out');
  assert.equal(zoomKey({ key: '0', metaKey: true }), 'reset');
  assert.equal(zoomKey({ key: '=' }), null);
  assert.equal(zoomKey({ key: '=', ctrlKey: true, altKey: true }), null);
  assert.equal(zoomKey({ key: 'w', ctrlKey: true }), null);
});

test('zoom moves a step at a time and stops at either end', () => {
  assert.equal(nextZoom(1, 'in'), 1.1);
  assert.equal(nextZoom(1.1, 'out'), 1);
  assert.equal(nextZoom(1.3, 'in'), 1.5, 'from between steps, the next one up');
  assert.equal(nextZoom(1.3, 'out'), 1.25);
  assert.equal(nextZoom(2, 'in'), 2);
  assert.equal(nextZoom(0.67, 'out'), 0.67);
  assert.equal(nextZoom(1.75, 'reset'), 1);
  let level = 1;
  for (let i = 0; i < ZOOM_STEPS.length * 2; i += 1) level = nextZoom(level, 'in');
  assert.equal(level, ZOOM_STEPS[ZOOM_STEPS.length - 1]);
});

test('an unreadable or out-of-range stored zoom is brought back into range', () => {
  assert.equal(clampZoom(Number('garbage')), 1);
  assert.equal(clampZoom(Infinity), 1);
  assert.equal(clampZoom(40), 2);
  assert.equal(clampZoom(0.01), 0.67);
});
