/**
 * journal:verify — proves a console's journal intact and, given the hub's data folder,
 * that the hub holds the same events. Both files are opened read-only.
 *  - Console: each event's payloadHash (unless purged) and hash recomputed, each prevHash
 *    equal to the previous event's hash in seq order, no seq missing at the end.
 *  - Hub: this console's events there, the same checks, the chain followed by its links;
 *    then both compared: the same ids with the same hashes. Events still in the console's
 *    outbox are pending (not at the hub yet), not a failure.
 * Problems are listed in chain order; the first one is the first break.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { computeChainHash, computePayloadHash, GENESIS_HASH, type JournalEvent } from '@shared/domain/journal';
import { sha256 } from './hash';
import type { EventRow } from './journal';

export interface Problem {
  /** The event the problem is about (the one after a deletion). */
  eventId: string;
  where: 'console' | 'hub';
  text: string;
}

/** What the checks keep of each event: enough to link and compare, never the payload. */
interface Link {
  id: string;
  seq: number;
  hash: string;
  prevHash: string;
}

type Row = EventRow & { seq?: number };

/** The file could not be checked as asked (locked, missing, not a journal): exit 2, not "broken". */
export class VerifyUsageError extends Error {}

/** What is wrong with one stored event's own hashes, in words, or null. */
export function ownHashProblem(r: Row): string | null {
  const e: Omit<JournalEvent, 'hash' | 'prevHash' | 'payload'> = {
    id: r.id,
    at: r.at,
    operatorId: r.operator_id,
    caseId: r.case_id,
    type: r.type,
    payloadHash: r.payload_hash,
    consoleId: r.console_id,
  };
  if (r.payload !== null) {
    let payload: unknown;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      return 'its payload is not JSON';
    }
    let digest: string;
    try {
      digest = computePayloadHash(sha256, payload as Record<string, unknown>);
    } catch {
      return 'its payload cannot be hashed (nested far too deep)';
    }
    if (digest !== r.payload_hash) return 'its payload does not match its payloadHash';
  }
  if (computeChainHash(sha256, r.prev_hash, e) !== r.hash) return 'its hash does not match its content';
  return null;
}

function openReadOnly(file: string, what: string): Database.Database {
  if (!existsSync(file)) throw new VerifyUsageError(`No ${what} at ${file}.`);
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 200 });
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // takes the read lock now
    return db;
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new VerifyUsageError(
        `${file} is locked by a running process (a Veille console keeps its journal locked while it runs): stop the console, or verify a copy taken while it was stopped.`,
      );
    }
    throw new VerifyUsageError(`Cannot open ${what} ${file} read-only: ${(err as Error).message}`);
  }
}

export interface ConsoleReport {
  file: string;
  consoleId: string;
  count: number;
  /** In seq order. */
  links: Link[];
  /** Events not yet acknowledged by the hub: id → null (pending) or the refusal's reason. */
  outbox: Map<string, string | null>;
  problems: Problem[];
}

export function verifyConsoleFile(file: string): ConsoleReport {
  const db = openReadOnly(file, 'console journal');
  try {
    const hasEvents = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('events', 'outbox', 'meta')`).get();
    if ((hasEvents?.n ?? 0) < 3) throw new VerifyUsageError(`${file} is not a Veille console journal (no events, outbox and meta tables).`);
    const consoleId = db.prepare<[], { value: string }>(`SELECT value FROM meta WHERE key = 'console_id'`).get()?.value ?? '(unknown)';
    const problems: Problem[] = [];
    const links: Link[] = [];
    let prev: Link | null = null;
    for (const r of db.prepare<[], Row & { seq: number }>('SELECT * FROM events ORDER BY seq').iterate()) {
      const expected: string = prev?.hash ?? GENESIS_HASH;
      if (r.prev_hash !== expected) {
        const seqs = prev && r.seq > prev.seq + 1 ? `; seq ${prev.seq + 1}${r.seq > prev.seq + 2 ? `–${r.seq - 1}` : ''} absent` : '';
        const after = prev ? `after event ${prev.id} (seq ${prev.seq})` : 'at the start of the journal';
        problems.push({ eventId: r.id, where: 'console', text: `events are missing before event ${r.id} (seq ${r.seq}), ${after}: its prevHash links to no event here${seqs}` });
      }
      const own = ownHashProblem(r);
      if (own) problems.push({ eventId: r.id, where: 'console', text: `event ${r.id} (seq ${r.seq}) was altered: ${own}` });
      prev = { id: r.id, seq: r.seq, hash: r.hash, prevHash: r.prev_hash };
      links.push(prev);
    }
    // AUTOINCREMENT remembers the highest seq ever used: deleting the newest events shows here.
    const top = db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'events'`).get()?.seq ?? 0;
    if (top > (prev?.seq ?? 0)) {
      problems.push({
        eventId: prev?.id ?? '(none)',
        where: 'console',
        text: `the newest event(s) were deleted: seq ${(prev?.seq ?? 0) + 1}${top > (prev?.seq ?? 0) + 1 ? `–${top}` : ''} absent after ${prev ? `event ${prev.id}` : 'the start'}`,
      });
    }
    const outbox = new Map<string, string | null>();
    for (const o of db.prepare<[], { event_id: string; rejected_reason: string | null; rejected_at: string | null }>('SELECT event_id, rejected_at, rejected_reason FROM outbox').iterate()) {
      outbox.set(o.event_id, o.rejected_at === null ? null : (o.rejected_reason ?? 'refused'));
    }
    return { file, consoleId, count: links.length, links, outbox, problems };
  } finally {
    db.close();
  }
}

export interface HubReport {
  file: string;
  count: number;
  pending: number;
  problems: Problem[];
}

/** The hub's copy of this console's events, checked alone and against the console's journal. */
export function verifyHubCopy(hubDir: string, local: ConsoleReport): HubReport {
  const file = join(hubDir, 'hub.sqlite');
  const db = openReadOnly(file, 'hub database');
  const problems: Problem[] = [];
  const atHub = new Map<string, Link>();
  try {
    const rows = db.prepare<[string], Row>('SELECT * FROM journal WHERE console_id = ?').iterate(local.consoleId);
    for (const r of rows) {
      const own = ownHashProblem(r);
      if (own) problems.push({ eventId: r.id, where: 'hub', text: `event ${r.id} was altered at the hub: ${own}` });
      atHub.set(r.id, { id: r.id, seq: 0, hash: r.hash, prevHash: r.prev_hash });
    }
  } finally {
    db.close();
  }
  // The hub's chain by its links: two events claiming one predecessor is a fork.
  const children = new Map<string, string>();
  for (const l of atHub.values()) {
    const first = children.get(l.prevHash);
    if (first !== undefined) problems.push({ eventId: l.id, where: 'hub', text: `event ${l.id} and event ${first} both follow the same event at the hub (a forked chain)` });
    else children.set(l.prevHash, l.id);
  }
  const localIds = new Set<string>();
  const localHashes = new Set<string>();
  let pending = 0;
  for (const l of local.links) {
    localIds.add(l.id);
    localHashes.add(l.hash);
    const there = atHub.get(l.id);
    const box = local.outbox.get(l.id);
    if (there) {
      if (there.hash !== l.hash) problems.push({ eventId: l.id, where: 'hub', text: `event ${l.id} (seq ${l.seq}) differs between the console and the hub (other hash)` });
    } else if (box === null) {
      pending++;
    } else if (box !== undefined) {
      problems.push({ eventId: l.id, where: 'hub', text: `event ${l.id} (seq ${l.seq}) is not at the hub: the hub refused it (${box})` });
    } else {
      problems.push({ eventId: l.id, where: 'hub', text: `event ${l.id} (seq ${l.seq}) is missing at the hub, which had acknowledged it (deleted or lost there)` });
    }
  }
  for (const l of atHub.values()) {
    if (localIds.has(l.id)) continue;
    problems.push({ eventId: l.id, where: 'hub', text: `event ${l.id} is at the hub but missing from this console's journal (deleted here?)` });
  }
  // A hole in the hub's chain that no console event explains (the comparison names the others).
  const hubHashes = new Set([...atHub.values()].map((l) => l.hash));
  for (const l of atHub.values()) {
    if (l.prevHash === GENESIS_HASH || hubHashes.has(l.prevHash) || localHashes.has(l.prevHash)) continue;
    problems.push({ eventId: l.id, where: 'hub', text: `events are missing at the hub before event ${l.id}: its prevHash links to no event there nor in the console` });
  }
  return { file, count: atHub.size, pending, problems };
}
