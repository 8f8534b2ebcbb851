import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newId } from '@shared/domain/ids';
import { openJournal, type Journal } from '../journal/journal';
import { RecordingStore } from '../voice/calls/recordings';
import { purgeRecordings } from './recordings';

let dir: string;
let j: Journal;
let store: RecordingStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-recording-retention-'));
  j = openJournal(join(dir, 'journal.sqlite'));
  store = new RecordingStore(j.db, dir);
});
afterEach(() => {
  j.close();
  rmSync(dir, { recursive: true, force: true });
});

function recording(startedAt: string): string {
  const id = newId();
  writeFileSync(store.fileFor(id), 'RIFF');
  store.add({ recordingId: id, callId: newId(), caseId: 'case-1', operatorId: 'op-1', peer: 'B-1', file: `${id}.wav`, startedAt, durationMs: 1000, sha256: '0'.repeat(64) });
  return id;
}

it('deletes the WAV files and rows of recordings older than the cutoff, keeps the recent ones, and journals the purge', () => {
  const old = recording('2026-01-01T08:00:00.000Z');
  const recent = recording('2026-03-01T08:00:00.000Z');

  const r = purgeRecordings(j, store.dir, '2026-02-01T00:00:00.000Z');

  expect(r).toEqual({ removed: 1, failed: 0 });
  expect(existsSync(store.fileFor(old))).toBe(false);
  expect(store.fileOf(old)).toBeNull();
  expect(store.fileOf(recent)).toBe(store.fileFor(recent));
  expect(store.listForCase('case-1').map((x) => x.recordingId)).toEqual([recent]);
  const purge = j.list({ limit: 10 }).find((e) => e.type === 'voice.recordings-purged');
  expect(purge).toMatchObject({ operatorId: 'system', payload: { before: '2026-02-01T00:00:00.000Z', count: 1, firstId: old, lastId: old } });
  expect(j.verifyChain()).toBeNull();
});

it('does nothing and journals nothing when no recording is past the cutoff', () => {
  recording('2026-03-01T08:00:00.000Z');
  expect(purgeRecordings(j, store.dir, '2026-02-01T00:00:00.000Z')).toEqual({ removed: 0, failed: 0 });
  expect(j.list({ limit: 10 }).filter((e) => e.type === 'voice.recordings-purged')).toEqual([]);
});
