import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openJournal, type Journal } from '../journal/journal';
import { purgeJournal } from './purge';

let dir: string;
let j: Journal;
let clock = new Date('2026-01-01T08:00:00.000Z');

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-retention-'));
  j = openJournal(join(dir, 'journal.sqlite'), { now: () => clock });
});
afterEach(() => {
  j.close();
  rmSync(dir, { recursive: true, force: true });
});

const note = (caseId: string, text: string) => j.append({ operatorId: 'op-1', caseId, type: 'case.close-requested', payload: { note: text } });

it('removes the payloads of delivered events past retention, keeps their hashes, journals the purge, and the chain still verifies', () => {
  const old = note('c1', 'Mme Durand, 06 00 00 00 01');
  const oldUndelivered = note('c2', 'M. Martin, 06 00 00 00 02');
  clock = new Date('2026-03-01T08:00:00.000Z');
  const recent = note('c3', 'récent');
  j.outbox.ack([old.id, recent.id]);

  const r = purgeJournal(j, 30, new Date('2026-03-02T08:00:00.000Z'));

  expect(r.purged).toBe(1);
  const byId = new Map(j.list({ limit: 10 }).map((e) => [e.id, e]));
  expect(byId.get(old.id)?.payload).toBeNull();
  expect(byId.get(old.id)?.payloadHash).toBe(old.payloadHash);
  // Not yet at the hub: purging it would send the hub an empty event.
  expect(byId.get(oldUndelivered.id)?.payload).toEqual({ note: 'M. Martin, 06 00 00 00 02' });
  expect(byId.get(recent.id)?.payload).toEqual({ note: 'récent' });
  expect(byId.get(r.eventId!)).toMatchObject({ type: 'journal.purged', operatorId: 'system', payload: { count: 1, retentionDays: 30 } });
  expect(j.verifyChain()).toBeNull();
  // Nothing left to purge: a second run changes nothing and journals nothing.
  expect(purgeJournal(j, 30, new Date('2026-03-02T08:00:00.000Z'))).toMatchObject({ purged: 0, eventId: null });
});
