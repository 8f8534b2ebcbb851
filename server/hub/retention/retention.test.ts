/**
 * Retention and export through the admin commands (runAdmin, what `npm run hub -- journal …`
 * calls) on the data folder of a real, running hub. Time passing is written into the rows
 * (dates moved back), not waited for.
 */
import { Readable, Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { eventHashProblem, GENESIS_HASH } from '@shared/domain/journal';
import { runAdmin } from '../admin/run';
import { openDatabase, type HubDb } from '../db/database';
import { sha256 } from '../journal/journal-store';
import { alarmBody, connectConsole, journalChain, login, postAlarm, silent, startFixture, type Fixture } from '../test-helpers';

let f: Fixture;
let db: HubDb;
beforeEach(async () => {
  f = await startFixture();
  db = await openDatabase(join(f.dataDir, 'hub.sqlite'), silent);
});
afterEach(async () => {
  await db.destroy();
  await f.cleanup();
});

async function admin(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _e, done) => (append(chunk.toString()), done()) });
  const code = await runAdmin([...args, '--data-dir', f.dataDir], { stdin: Readable.from([]), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: {} });
  return { code, out, err };
}

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

/** An alarm taken and closed with a note through the hub, then dated `closedDaysAgo` back. */
async function closedCase(text: string, closedDaysAgo: number): Promise<string> {
  const r = await postAlarm(f.hub.url, f.key, alarmBody({ text }));
  const { caseId } = (await r.json()) as { caseId: string };
  const { token } = await login(f.hub.url, 'operateur1');
  const c = await connectConsole(f, token);
  await c.snapshot;
  expect(await c.command({ type: 'claim', caseId })).toMatchObject({ ok: true });
  expect(await c.command({ type: 'close', caseId, closureCode: 'false-alarm-handling-error', note: 'Appel de Mme Durand, 06 00 00 00 03' })).toMatchObject({ ok: true });
  c.socket.disconnect();
  await db.updateTable('cases').set({ closed_at: daysAgo(closedDaysAgo) }).where('id', '=', caseId).execute();
  return caseId;
}

async function storeJournal(caseId: string, n: number, atDaysAgo: number) {
  const events = journalChain('op-1', caseId, n, 'console-a', (i) => ({ i, note: `Mme Durand ${i}` })).map((e) => ({ ...e }));
  for (const [i, e] of events.entries()) {
    // One millisecond apart, in chain order, as a console writes them.
    const at = new Date(Date.parse(daysAgo(atDaysAgo)) + i).toISOString();
    await db
      .insertInto('journal')
      .values({
        id: e.id, at, operator_id: e.operatorId, case_id: e.caseId, type: e.type, payload: JSON.stringify(e.payload),
        payload_hash: e.payloadHash, console_id: e.consoleId, prev_hash: e.prevHash, hash: e.hash, received_at: daysAgo(atDaysAgo), received_from: 'op-1',
      })
      .execute();
  }
  return events;
}

it('purges personal data past retention, keeps open and recent data, records the purge, and the chain still verifies', async () => {
  const oldCase = await closedCase('Intrus dans la cour, appelez M. Martin', 40);
  const recentCase = await closedCase('Exercice', 2);
  const openAlarm = await postAlarm(f.hub.url, f.key, alarmBody({ text: 'ouvert' }));
  const openCase = ((await openAlarm.json()) as { caseId: string }).caseId;
  // journalChain dates events now; the stored rows say 40 days ago, as the retention reads them.
  const old = await storeJournal(oldCase, 3, 40);

  const r = await admin(['journal', 'purge', '--older-than-days', '30']);

  expect(r.code).toBe(0);
  expect(r.out).toMatch(/3 journal payloads, 1 closed cases, 1 alarm messages, 2 case history entries \(closure notes, beacon texts\)/);
  const cases = await db.selectFrom('cases').select(['id', 'text', 'closure_note']).execute();
  expect(cases.find((c) => c.id === oldCase)).toMatchObject({ text: null, closure_note: null });
  expect(cases.find((c) => c.id === recentCase)).toMatchObject({ text: 'Exercice' });
  expect(cases.find((c) => c.id === openCase)).toMatchObject({ text: 'ouvert' });
  const alarm = await db.selectFrom('alarms').select(['raw', 'text']).where('case_id', '=', oldCase).executeTakeFirstOrThrow();
  expect(alarm).toEqual({ raw: '{"purged":true}', text: null });
  const closedEvent = async (caseId: string) =>
    JSON.parse((await db.selectFrom('case_events').select('payload').where('case_id', '=', caseId).where('type', '=', 'case.closed').executeTakeFirstOrThrow()).payload!) as object;
  expect(await closedEvent(oldCase)).toEqual(expect.objectContaining({ closureCode: 'false-alarm-handling-error' }));
  expect(await closedEvent(oldCase)).not.toHaveProperty('note');
  expect(await closedEvent(recentCase)).toMatchObject({ note: 'Appel de Mme Durand, 06 00 00 00 03' });
  const received = JSON.parse((await db.selectFrom('case_events').select('payload').where('case_id', '=', oldCase).where('type', '=', 'alarm.received').executeTakeFirstOrThrow()).payload!) as object;
  expect(received).toMatchObject({ kind: 'ppms.intrusion' });
  expect(received).not.toHaveProperty('text');
  expect(await db.selectFrom('purges').select(['retention_days', 'counts']).execute()).toEqual([
    { retention_days: 30, counts: JSON.stringify({ journal: 3, cases: 1, alarms: 1, caseEvents: 2 }) },
  ]);

  // The export carries the purged events: no payload, the same hashes, a chain that verifies.
  const exp = await admin(['journal', 'export', '--case', oldCase]);
  expect(exp.code).toBe(0);
  const exported = JSON.parse(exp.out) as (typeof old[number] & { payload: null })[];
  expect(exported.map((e) => e.id)).toEqual(old.map((e) => e.id));
  expect(exported.every((e) => e.payload === null)).toBe(true);
  expect(exported[0]!.prevHash).toBe(GENESIS_HASH);
  for (const [i, e] of exported.entries()) {
    expect(eventHashProblem(sha256, { ...e, at: old[i]!.at })).toBeNull(); // hashed with the time the console wrote
    if (i > 0) expect(e.prevHash).toBe(exported[i - 1]!.hash);
  }
});

it('exports a period as CSV a spreadsheet opens safely, and refuses bad arguments with exit 2', async () => {
  const caseId = await closedCase('texte', 1);
  const [e1] = await storeJournal(caseId, 1, 1);
  await db.updateTable('journal').set({ payload: JSON.stringify({ note: '=HYPERLINK("http://x")', operatorName: 'Camille; "Cam" Morvan' }) }).execute();

  const r = await admin(['journal', 'export', '--from', daysAgo(3).slice(0, 10), '--format', 'csv']);

  expect(r.code).toBe(0);
  const lines = r.out.trimEnd().split('\r\n');
  expect(lines[0]).toBe('id,at,caseId,type,operatorId,operatorName,consoleId,payload,payloadHash,prevHash,hash,receivedAt');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${e1!.id},`);
  expect(lines[1]).toContain('"Camille; ""Cam"" Morvan"');
  expect(r.err).toMatch(/1 event exported/);

  expect((await admin(['journal', 'export', '--format', 'xml'])).code).toBe(2);
  expect((await admin(['journal', 'export', '--from', 'hier'])).code).toBe(2);
  expect((await admin(['journal', 'purge'])).code).toBe(2);
  expect((await admin(['journal', 'purge', '--older-than-days', '0'])).code).toBe(2);
  expect((await admin(['user', 'list', '--format', 'csv'])).code).toBe(2);
});
