/**
 * The console's directory copy with a real hub: in step with the hub (edits pushed live to
 * another console), and served from disk when the console starts with the hub away.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@shared/contract';
import { startConsole, startTestHub, tempDir, type Console, type TestHub } from '../testing/fixtures';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function call<T>(c: Console, method: string, args: unknown = {}): Promise<T> {
  const res = await c.host.handle({ kind: 'req', id: 1, method, args } as never, { transport: 'test' });
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as T;
}

function nextEvent(c: Console, event: string, pred: (e: EventEnvelope) => boolean = () => true): Promise<EventEnvelope> {
  return new Promise((resolve) => {
    const off = c.host.onEvent((e) => {
      if (e.event === event && pred(e)) {
        off();
        resolve(e);
      }
    });
  });
}

type View = { revision: number; source: string; sites: { id: string; name: string }[]; beacons: { id: string }[] };

describe('console directory cache', () => {
  let hub: TestHub;

  it("follows the hub: an admin's edit reaches another console live and is journaled on the admin's console", async () => {
    const hubDir = tempDir();
    hub = await startTestHub(hubDir.dir);
    cleanups.push(() => hubDir.remove(), () => hub.close());
    const a = tempDir();
    const b = tempDir();
    const admin = startConsole(a.dir, hub.url);
    const operator = startConsole(b.dir, hub.url);
    cleanups.push(a.remove, b.remove, () => admin.close(), () => operator.close());
    const synced = nextEvent(operator, 'directory.changed', (e) => (e.payload as { source: string }).source === 'hub');
    await call(admin, 'session.login', { username: 'admin', password: 'veille-demo' });
    await call(operator, 'session.login', { username: 'operateur1', password: 'veille-demo' });
    await synced;
    const before = await call<View>(operator, 'directory.get');
    expect(before).toMatchObject({ source: 'hub', revision: 1 });
    const site = (await call<{ site: Record<string, unknown> }>(admin, 'directory.site', { siteId: 'school-test' })).site;
    const live = nextEvent(operator, 'directory.changed', (e) => (e.payload as { revision: number }).revision === 2);
    const change = await call<{ revision: number; summary: string }>(admin, 'directory.edit', { op: 'site.save', site: { ...site, name: 'École Jean Jaurès (groupe A)' } });
    expect(change).toMatchObject({ revision: 2, summary: 'nom' });
    await live;
    const card = await call<{ site: { name: string } }>(operator, 'directory.site', { siteId: 'school-test' });
    expect(card.site.name).toBe('École Jean Jaurès (groupe A)');
    const journal = await call<{ type: string; payload: Record<string, unknown> }[]>(admin, 'journal.list', {});
    expect(journal.find((e) => e.type === 'directory.edited')?.payload).toMatchObject({ op: 'site.save', entityId: 'school-test', revision: 2, summary: 'nom' });
    // An operator cannot edit: refused before reaching the hub.
    await expect(call(operator, 'directory.edit', { op: 'beacon.delete', beaconId: 'B-1' })).rejects.toThrow(/forbidden Seul un administrateur/);
  });

  it('serves its copy when the hub goes away, and from disk after a restart with the hub still away', async () => {
    const hubDir = tempDir();
    hub = await startTestHub(hubDir.dir);
    const dir = tempDir();
    cleanups.push(() => hubDir.remove(), dir.remove);
    const first = startConsole(dir.dir, hub.url);
    const synced = nextEvent(first, 'directory.changed');
    await call(first, 'session.login', { username: 'operateur1', password: 'veille-demo' });
    await synced;
    const away = nextEvent(first, 'directory.changed', (e) => (e.payload as { source: string }).source === 'cache');
    await hub.close();
    await away;
    const during = await call<View>(first, 'directory.get');
    expect(during.source).toBe('cache');
    expect(during.sites.map((s) => s.id)).toEqual(['municipal-test', 'school-test']);
    await first.close();
    // A console started while the hub is down (nobody can log in yet): the copy on disk is there.
    const offline = startConsole(dir.dir, hub.url);
    cleanups.push(() => offline.close());
    const served = offline.services.directory.view();
    expect(served).toMatchObject({ source: 'cache', revision: 1 });
    expect(offline.services.directory.beacon('B-1')?.card?.site.name).toBe('École Jean Jaurès');
  });

  it('moves a corrupt copy aside and starts without one', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const { writeFileSync, readdirSync } = await import('node:fs');
    writeFileSync(`${dir.dir}/directory.json`, '{"syncedAt": 3');
    const c = startConsole(dir.dir, 'http://127.0.0.1:9');
    cleanups.push(() => c.close());
    expect(c.services.directory.view()).toMatchObject({ source: 'none', sites: [] });
    expect(readdirSync(dir.dir).some((n) => n.startsWith('directory.json.corrupt-'))).toBe(true);
  });
});
