/** The hub's site directory with a real hub, real SQLite and real socket.io consoles. */
import { afterEach, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { DirectoryChange, DirectorySnapshot } from '@shared/hub-protocol/directory';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture } from '../test-helpers';
import { startHub } from '../index';
import { loadDemoDirectory } from '../paths';
import pino from 'pino';

type Ack<T> = { ok: true } & T;
let f: Fixture | null = null;
afterEach(async () => {
  await f?.cleanup();
  f = null;
});

async function consoleAs(fx: Fixture, username: string) {
  const session = await login(fx.hub.url, username);
  const c = await connectConsole(fx, session.token);
  await c.snapshot;
  return { ...c, operatorId: session.operator.id, ask: <T>(event: string, payload: unknown) => c.emitAck(event, payload) as unknown as Promise<T> };
}

const pushes = (socket: { on(e: string, l: (p: unknown) => void): unknown }) => {
  const got: DirectoryChange[] = [];
  const waiters: (() => void)[] = [];
  socket.on('directory.changed', (p) => {
    got.push(p as DirectoryChange);
    waiters.splice(0).forEach((w) => w());
  });
  return {
    got,
    next: () => new Promise<void>((resolve) => waiters.push(resolve)),
  };
};

describe('hub site directory', () => {
  it('is seeded from the directory given at start, once: a restart adds nothing and keeps the revision', async () => {
    f = await startFixture();
    const admin = await consoleAs(f, 'admin');
    const first = await admin.ask<Ack<{ directory: DirectorySnapshot }>>('directory.get', {});
    expect(first.directory.sites.map((s) => s.id)).toEqual(['municipal-test', 'school-test']);
    expect(first.directory.beacons.map((b) => b.id)).toEqual(['B-1', 'B-2']);
    expect(first.directory.revision).toBe(1);
    const dataDir = f.dataDir;
    await f.hub.close();
    const again = await startHub({ dataDir, port: 0, demo: true, directory: { sites: [], beacons: [] }, logger: pino({ level: 'silent' }) });
    f = { ...f, hub: again, sockets: [] };
    const other = await consoleAs(f, 'admin');
    const second = await other.ask<Ack<{ directory: DirectorySnapshot }>>('directory.get', {});
    expect(second.directory.sites.map((s) => s.id)).toEqual(['municipal-test', 'school-test']);
    expect(second.directory.revision).toBe(1);
  });

  it("journals an admin's edit, pushes it to every console, and answers a resend with the first change", async () => {
    f = await startFixture();
    const admin = await consoleAs(f, 'admin');
    const operator = await consoleAs(f, 'operateur1');
    const seen = pushes(operator.socket);
    const arrived = seen.next();
    const site = (await admin.ask<Ack<{ directory: DirectorySnapshot }>>('directory.get', {})).directory.sites.find((s) => s.id === 'school-test')!;
    const edit = { op: 'site.save', commandId: ulid(), site: { ...site, contacts: [{ role: 'Direction', name: 'Mme Test', phone: '02 61 91 55 55' }] } };
    const ack = await admin.ask<Ack<{ change: DirectoryChange }>>('directory.edit', edit);
    expect(ack.ok).toBe(true);
    expect(ack.change).toMatchObject({ revision: 2, op: 'site.save', entityId: 'school-test', summary: 'contacts', actor: { displayName: 'Administration' } });
    await arrived;
    expect(seen.got[0]).toMatchObject({ revision: 2, site: { contacts: [{ name: 'Mme Test' }] } });
    const again = await admin.ask<Ack<{ change: DirectoryChange }>>('directory.edit', edit);
    expect(again.change.revision).toBe(2);
    const journal = await admin.ask<Ack<{ changes: DirectoryChange[] }>>('directory.changes', { limit: 10 });
    expect(journal.changes.map((c) => [c.revision, c.op, c.summary])).toEqual([
      [2, 'site.save', 'contacts'],
      [1, 'seed', 'importé : 2 sites, 2 balises, 0 plans'],
    ]);
  });

  it('refuses edits from anyone but an admin, and a site that still has beacons', async () => {
    f = await startFixture();
    const operator = await consoleAs(f, 'operateur1');
    const refused = await operator.ask<{ ok: false; error: { code: string; message: string } }>('directory.edit', { op: 'beacon.delete', beaconId: 'B-1', commandId: ulid() });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const admin = await consoleAs(f, 'admin');
    const busy = await admin.ask<{ ok: false; error: { code: string; message: string } }>('directory.edit', { op: 'site.delete', siteId: 'school-test', commandId: ulid() });
    expect(busy.error.message).toMatch(/encore 1 balise/);
    const bad = await admin.ask<{ ok: false; error: { code: string } }>('directory.edit', { op: 'site.save', commandId: ulid(), site: { id: '' } });
    expect(bad.error.code).toBe('invalid-command');
  });

  it('gives access codes to the owner of an open case of the site only, and never in the directory', async () => {
    f = await startFixture();
    const admin = await consoleAs(f, 'admin');
    const site = (await admin.ask<Ack<{ directory: DirectorySnapshot }>>('directory.get', {})).directory.sites.find((s) => s.id === 'school-test')!;
    const codes = [{ label: 'Portail', code: '4242' }];
    const saved = await admin.ask<Ack<{ change: DirectoryChange }>>('directory.edit', { op: 'site.save', commandId: ulid(), site, accessCodes: codes });
    expect(saved.change.accessCodeCount).toBe(1);
    expect(JSON.stringify(saved)).not.toContain('4242');
    const owner = await consoleAs(f, 'operateur1');
    const other = await consoleAs(f, 'operateur2');
    expect(JSON.stringify(await other.ask('directory.get', {}))).not.toContain('4242');
    expect(JSON.stringify(await admin.ask('directory.changes', { limit: 50 }))).not.toContain('4242');
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'B-1' }));
    const { caseId } = (await res.json()) as { caseId: string };
    // Open but nobody's: refused to all.
    expect(await owner.ask('directory.access-codes', { caseId })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await owner.command({ type: 'claim', caseId, commandId: ulid() })).toMatchObject({ ok: true });
    expect(await owner.ask('directory.access-codes', { caseId })).toEqual({ ok: true, siteId: 'school-test', codes });
    expect(await other.ask('directory.access-codes', { caseId })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await admin.ask('directory.access-codes', { caseId })).toMatchObject({ ok: false, error: { code: 'not-owner' } });
    expect(await owner.command({ type: 'close', caseId, closureCode: 'false-alarm-technical', note: 'test', commandId: ulid() })).toMatchObject({ ok: true });
    expect(await owner.ask('directory.access-codes', { caseId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('places a beacon on its plan: the room is found from the point, journaled', async () => {
    const directory = loadDemoDirectory();
    f = await startFixture(undefined, { directory });
    const admin = await consoleAs(f, 'admin');
    const snap = (await admin.ask<Ack<{ directory: DirectorySnapshot }>>('directory.get', {})).directory;
    const plan = snap.plans.find((p) => p.siteId === 'school-0442759k')!;
    expect(plan.floors.map((x) => x.id)).toEqual(['0', '1']);
    const cdi = plan.features.find((x) => x.properties.kind === 'room' && x.properties.name === 'CDI' && x.properties.floor === '0')!;
    const ring = (cdi.geometry.coordinates as number[][][])[0]!;
    const centre = { lon: (ring[0]![0]! + ring[2]![0]!) / 2, lat: (ring[0]![1]! + ring[2]![1]!) / 2 };
    const placed = await admin.ask<Ack<{ change: DirectoryChange }>>('directory.edit', { op: 'beacon.place', commandId: ulid(), beaconId: 'SN-PPMS-016', floor: '0', position: centre });
    expect(placed.change.beacon?.placement).toEqual({ floor: '0', position: centre, roomId: cdi.properties.id });
    expect(placed.change.summary).toBe('emplacement : CDI (niveau 0)');
  });
});
