import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENESIS_HASH, JournalEvent } from '@shared/domain/journal';
import { openJournal, type Journal } from './journal';
import { JournalOpenError } from './open-db';

let dir: string;
let file: string;
const open: Journal[] = [];
const openJ = (f = file) => {
  const j = openJournal(f);
  open.push(j);
  return j;
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'veille-journal-'));
  file = join(dir, 'journal.sqlite');
});
afterEach(() => {
  for (const j of open.splice(0)) j.close();
  rmSync(dir, { recursive: true, force: true });
});

const claim = (caseId: string) => ({ operatorId: 'op-1', caseId, type: 'case.claimed' as const, payload: { version: 2 } });

describe('journal', () => {
  it('writes a side row with its event in one transaction: a failing side write leaves neither, and listeners hear only commits', () => {
    const j = openJ();
    j.db.exec('CREATE TABLE side (event_id TEXT NOT NULL)');
    const heard: string[] = [];
    j.onAppend((e) => heard.push(e.id));
    const ok = j.append(claim('c1'), (e) => j.db.prepare('INSERT INTO side VALUES (?)').run(e.id));
    expect(() => j.append(claim('c2'), () => { throw new Error('side write failed'); })).toThrow('side write failed');
    expect(() =>
      j.transaction(() => {
        j.append(claim('c3'));
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    const both = j.transaction(() => [j.append(claim('c4')), j.append(claim('c5'))]);
    expect(j.list({ limit: 10 }).map((e) => e.caseId)).toEqual(['c5', 'c4', 'c1']);
    expect(j.db.prepare('SELECT event_id FROM side').pluck().all()).toEqual([ok.id]);
    expect(heard).toEqual([ok.id, ...both.map((e) => e.id)]);
    expect(j.outbox.count()).toBe(3);
    expect(j.verifyChain()).toBeNull();
  });

  it('refuses at append what the hub could not store: a deep or oversized payload, a malformed type', () => {
    const j = openJ();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    expect(() => j.append({ ...claim('c1'), payload: deep })).toThrow(/deeper than 16/);
    expect(() => j.append({ ...claim('c1'), payload: { note: 'é'.repeat(5000) } })).toThrow(/bytes/);
    expect(() => j.append({ ...claim('c1'), type: 'Pas Un Type' })).toThrow(/Type/);
    expect(j.outbox.count()).toBe(0);
  });

  it('appends events chained from the genesis hash, and the chain verifies', () => {
    const j = openJ();
    const a = j.append(claim('c1'));
    const b = j.append({ operatorId: 'op-1', caseId: 'c1', type: 'case.closed', payload: { closureCode: 'drill', note: 'exercice' } });
    expect(JournalEvent.safeParse(a).success).toBe(true);
    expect(a.prevHash).toBe(GENESIS_HASH);
    expect(b.prevHash).toBe(a.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.id > a.id).toBe(true);
    expect(j.verifyChain()).toBeNull();
    expect(j.list({ limit: 10 }).map((e) => e.id)).toEqual([b.id, a.id]);
    expect(j.list({ caseId: 'c1', limit: 1 })[0]).toEqual(b);
    expect(j.list({ caseId: 'other', limit: 10 })).toEqual([]);
  });

  it('detects a tampered row and names the first broken event', () => {
    const j = openJ();
    j.append(claim('c1'));
    const b = j.append({ operatorId: 'op-1', caseId: 'c1', type: 'case.closed', payload: { closureCode: 'drill' } });
    j.append(claim('c2'));
    j.close();
    // Tamper through a second connection, as someone editing the file would.
    const raw = new Database(file);
    raw.prepare('UPDATE events SET payload = ? WHERE id = ?').run(JSON.stringify({ closureCode: 'false-alarm-technical' }), b.id);
    raw.close();
    expect(openJ().verifyChain()).toBe(b.id);
  });

  it('detects a deleted row through the broken link', () => {
    const j = openJ();
    j.append(claim('c1'));
    const b = j.append(claim('c2'));
    const c = j.append(claim('c3'));
    j.close();
    const raw = new Database(file);
    raw.prepare('DELETE FROM outbox WHERE event_id = ?').run(b.id);
    raw.prepare('DELETE FROM events WHERE id = ?').run(b.id);
    raw.close();
    expect(openJ().verifyChain()).toBe(c.id);
  });

  it('writes the event and its outbox row together, and never one without the other', () => {
    const j = openJ();
    const a = j.append(claim('c1'));
    expect(j.outbox.count()).toBe(1);
    expect(j.outbox.pending(10)).toEqual([a]);
    // A payload that cannot be serialised fails before anything is written.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => j.append({ ...claim('c2'), payload: cyclic })).toThrow();
    expect(j.list({ limit: 10 })).toHaveLength(1);
    expect(j.outbox.count()).toBe(1);
    // An invalid row (NOT NULL operator) rolls back its outbox row too.
    expect(() => j.append({ ...claim('c3'), operatorId: null as unknown as string })).toThrow();
    expect(j.list({ limit: 10 })).toHaveLength(1);
    expect(j.outbox.count()).toBe(1);
    expect(j.verifyChain()).toBeNull();
  });

  it('acks remove outbox rows in order and keep the events', () => {
    const j = openJ();
    const ids = [1, 2, 3].map((i) => j.append(claim(`c${i}`)).id);
    expect(j.outbox.pending(2).map((e) => e.id)).toEqual(ids.slice(0, 2));
    expect(j.outbox.ack([ids[0]!, 'unknown-id'])).toBe(1);
    expect(j.outbox.pending(10).map((e) => e.id)).toEqual(ids.slice(1));
    expect(j.outbox.count()).toBe(2);
    expect(j.list({ limit: 10 })).toHaveLength(3);
  });

  it('reopening keeps events, outbox and the console id, and continues the chain', () => {
    const j1 = openJ();
    const a = j1.append(claim('c1'));
    const consoleId = j1.consoleId;
    j1.close();
    const j2 = openJ();
    expect(j2.consoleId).toBe(consoleId);
    expect(j2.list({ limit: 10 })).toEqual([a]);
    expect(j2.outbox.count()).toBe(1);
    const b = j2.append(claim('c2'));
    expect(b.prevHash).toBe(a.hash);
    expect(b.consoleId).toBe(consoleId);
    expect(j2.verifyChain()).toBeNull();
  });

  it('writes through a WAL file', () => {
    openJ().append(claim('c1'));
    expect(existsSync(`${file}-wal`)).toBe(true);
  });

  it('refuses a second process on the same journal with a clear error', () => {
    openJ().append(claim('c1'));
    let err: unknown;
    try {
      openJournal(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JournalOpenError);
    expect((err as Error).message).toMatch(/in use by another Veille console/);
  });

  it('moves a corrupt file aside, keeps it, and starts a fresh journal', () => {
    writeFileSync(file, Buffer.alloc(8192, 0x5a));
    const j = openJ();
    expect(j.recoveredFrom).toMatch(/journal\.sqlite\.corrupt-/);
    const kept = readdirSync(dir).filter((f) => f.startsWith('journal.sqlite.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(j.list({ limit: 10 })).toEqual([]);
    j.append(claim('c1'));
    expect(j.verifyChain()).toBeNull();
  });

  it('detects page-level corruption inside a real journal', () => {
    const j1 = openJ();
    for (let i = 0; i < 300; i++) j1.append({ ...claim(`c${i}`), payload: { filler: 'x'.repeat(200) } });
    j1.close();
    // Smash the middle of the file (past the header), as a bad disk would.
    const buf = readFileSync(file);
    buf.fill(0xff, 4096 * 3, 4096 * 6);
    writeFileSync(file, buf);
    const j2 = openJ();
    expect(j2.recoveredFrom).not.toBeNull();
    expect(j2.list({ limit: 10 })).toEqual([]);
  });
});
