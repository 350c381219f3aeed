// Statuses arrive in three vocabularies (the list filter's, the single conversation's, the
// dashboard's) and sometimes in none; badges must show the dashboard's groups for all of them.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { attentionTitle, contactLabel, relativeTime, statusDetail, statusGroup, statusLabel } from '../format.js';

test('every documented status falls into one of the dashboard groups', () => {
  const groups = {
    open: ['open', 'new'],
    in_progress: ['in_progress', 'active', 'human_managed', 'awaiting_contact', 'waiting'],
    resolved: ['resolved', 'closed', 'abandoned'],
  };
  for (const [group, statuses] of Object.entries(groups)) {
    for (const status of statuses) assert.equal(statusGroup(status), group, status);
  }
  assert.equal(statusLabel('human_managed'), 'In progress');
  assert.equal(statusLabel('closed'), 'Resolved');
  assert.equal(statusDetail('closed'), 'Closed');
});

test('spelling variants are read like the Rust side reads them', () => {
  assert.equal(statusGroup('In progress'), 'in_progress');
  assert.equal(statusGroup('HUMAN-MANAGED'), 'in_progress');
});

test('an unknown status is shown as it came, with no group', () => {
  assert.equal(statusGroup('Escalated-To-Legal'), null);
  assert.equal(statusLabel('Escalated-To-Legal'), 'Escalated-To-Legal');
  assert.equal(statusLabel(null), '');
});

test('a conversation with no message yet and no contact still has labels', () => {
  assert.equal(relativeTime(null), '');
  assert.equal(contactLabel({ contactName: null, contactEmail: null }), 'Unknown contact');
  assert.equal(contactLabel({ contactName: null, contactEmail: 'a@b.example' }), 'a@b.example');
});

test('each documented kind of attention item has a heading, and an unknown one is shown as it came', () => {
  assert.equal(attentionTitle('human_requested'), 'The customer asked for a person');
  assert.equal(attentionTitle('validation_failed'), 'The AI’s reply failed its checks');
  assert.equal(attentionTitle('escalation'), 'The AI escalated this conversation');
  assert.equal(attentionTitle('legal_threat'), 'Needs a human: legal_threat');
  assert.equal(attentionTitle(null), 'Needs a human: unknown reason');
  assert.equal(attentionTitle('x'.repeat(500)).length, 'Needs a human: '.length + 201, 'cut like any label');
});
