/** The console's case history against a REAL hub (server/hub) and real journal files, through the host as the renderer calls it. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import { mergeHistory, type CaseHistoryEntry, type CaseHistoryView } from '@shared/domain/case-history';
import { call, openCase, startConsole, startTestHub, tempDir, waitFor, type Console, type TestHub } from '../testing/fixtures';

let tmp: ReturnType<typeof tempDir>;
let hub: TestHub | null;
const consoles: Console[] = [];

beforeEach(async () => {
  tmp = tempDir();
  hub = await startTestHub(join(tmp.dir, 'hub'));
});
afterEach(async () => {
  for (const c of consoles.splice(0)) await c.close();
  await hub?.close();
  tmp.remove();
});

async function loggedIn(name: string, username: string): Promise<Console> {
  const c = startConsole(join(tmp.dir, name), hub!.url);
  consoles.push(c);
  const res = await call(c.host, 'session.login', { username, password: 'veille-demo' });
  if (!res.ok) throw new Error(`login ${username}: ${JSON.stringify(res.error)}`);
  return c;
}

async function history(c: Console, caseId: string): Promise<CaseHistoryView> {
  const res = await call(c.host, 'cases.history', { caseId });
  if (!res.ok) throw new Error(`cases.history: ${JSON.stringify(res.error)}`);
  return res.result as CaseHistoryView;
}

/** What the renderer would hold: the answer, then every pushed 'cases.history' for that case, merged. */
function shown(c: Console, first: CaseHistoryView): () => { entries: CaseHistoryEntry[]; hubAvailable: boolean } {
  const since = c.events.length;
  return () => {
    let entries = first.entries;
    let hubAvailable = first.hubAvailable ?? true;
    for (const e of c.events.slice(since)) {
      if (e.event !== 'cases.history') continue;
      const v = e.payload as CaseHistoryView;
      if (v.caseId !== first.caseId) continue;
      entries = mergeHistory(entries, v.entries);
      if (v.hubAvailable !== undefined) hubAvailable = v.hubAvailable;
    }
    return { entries, hubAvailable };
  };
}

async function anOpenCase(c: Console): Promise<Case> {
  await hub!.raiseAlarm();
  return waitFor('an open case', () => openCase(c.services.link.cases()));
}

describe('case history on the console', () => {
  it('shows another console’s claim, pushed by the hub, with the hub’s intake first', async () => {
    const a = await loggedIn('a', 'operateur1');
    const b = await loggedIn('b', 'operateur2');
    const c = await anOpenCase(a);
    await waitFor('the case on console B', () => b.services.link.getCase(c.id));
    const first = await history(b, c.id);
    expect(first.hubAvailable).toBe(true);
    expect(first.entries.map((e) => [e.source, e.type])).toEqual([
      ['hub', 'alarm.received'],
      ['hub', 'case.opened'],
    ]);
    const onB = shown(b, first);

    expect((await call(a.host, 'cases.claim', { caseId: c.id })).ok).toBe(true);
    const claimed = await waitFor('the claim in B’s history', () => onB().entries.find((e) => e.source === 'hub' && e.type === 'case.claimed'));
    expect(claimed.actor?.displayName).toBe('Camille Morvan');
    // A's own journal events about the claim reach B too, once A's outbox has delivered them.
    await waitFor('A’s journal events in B’s history', () => onB().entries.some((e) => e.source === 'console' && e.actor?.displayName === 'Camille Morvan'));
    expect(b.violations).toEqual([]);
  });

  it('with the hub away shows this console’s events marked pending, then unmarks them once delivered', async () => {
    const a = await loggedIn('a', 'operateur1');
    const c = await anOpenCase(a);
    const op = a.services.link.operator!;
    const port = hub!.port;
    await hub!.close();
    hub = null;
    await waitFor('the link down', () => !a.services.link.isConnected());

    const written = a.services.journal.append({ operatorId: op.id, caseId: c.id, type: 'case.note-added', payload: { operatorName: op.displayName, note: 'Appel au site' } });
    const away = await history(a, c.id);
    expect(away.hubAvailable).toBe(false);
    expect(away.entries.find((e) => e.id === written.id)).toMatchObject({ source: 'console', pending: true, actor: { displayName: op.displayName } });
    const onA = shown(a, away);

    hub = await startTestHub(join(tmp.dir, 'hub'), port);
    await waitFor('the hub’s history back', () => onA().hubAvailable, 15_000);
    const delivered = await waitFor(
      'the note delivered',
      () => onA().entries.find((e) => e.id === written.id && !e.pending),
      15_000,
    );
    expect(delivered.type).toBe('case.note-added');
    expect(onA().entries.some((e) => e.source === 'hub' && e.type === 'alarm.received')).toBe(true);
    expect(a.violations).toEqual([]);
  });

  it('pushes a local append at once, marked pending, for the case it concerns', async () => {
    const a = await loggedIn('a', 'operateur1');
    const c = await anOpenCase(a);
    const first = await history(a, c.id);
    const since = a.events.length;
    const op = a.services.link.operator!;
    const e = a.services.journal.append({ operatorId: op.id, caseId: c.id, type: 'case.future-thing', payload: {} });
    const pushed = a.events.slice(since).find((x) => x.event === 'cases.history')?.payload as CaseHistoryView | undefined;
    expect(pushed).toEqual({ caseId: first.caseId, entries: [expect.objectContaining({ id: e.id, type: 'case.future-thing', pending: true })] });
  });
});
