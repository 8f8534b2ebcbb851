import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { alarmBody, connectConsole, login, postAlarm, startFixture, type Fixture } from '../test-helpers';

let f: Fixture;
beforeEach(async () => {
  f = await startFixture();
});
afterEach(async () => {
  await f.cleanup();
});

function countAlarms(): number {
  const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from alarms').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('HTTP alarm ingest', () => {
  it('turns an alarm into a versioned case pushed to connected consoles', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ kind: 'ppms.intrusion', text: 'Bouton pressé' }));
    expect(res.status).toBe(202);
    const result = AlarmIngestResult.parse(await res.json());
    expect(result.duplicate).toBe(false);
    const delta = await c.waitFor((x) => x.id === result.caseId);
    expect(delta).toMatchObject({
      version: 1,
      status: 'open',
      kind: 'ppms.intrusion',
      priority: 1,
      siteName: 'École Jean Jaurès',
      siteKind: 'school',
      address: '1 rue de la Paix, 44600 Saint-Nazaire',
      position: { lat: 47.27, lon: -2.21 },
      owner: null,
      text: 'Bouton pressé',
    });
  });

  it('shows a site without a street address by its city alone', async () => {
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'B-2', kind: 'pti.sos' }));
    const { caseId } = AlarmIngestResult.parse(await res.json());
    expect(await c.waitFor((x) => x.id === caseId)).toMatchObject({ siteName: 'Hôtel de Ville', address: '44600 Saint-Nazaire' });
  });

  it('makes one alarm and one case when the same alarm is sent twice', async () => {
    const body = alarmBody();
    const first = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, body)).json());
    const again = await postAlarm(f.hub.url, f.key, body);
    expect(again.status).toBe(200);
    const second = AlarmIngestResult.parse(await again.json());
    expect(second).toEqual({ alarmId: first.alarmId, caseId: first.caseId, duplicate: true });
    expect(countAlarms()).toBe(1);
  });

  it('keeps an alarm from an unknown beacon, lowers drill priority, and prefers the alarm position', async () => {
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'X-99', drill: true, position: { lat: 47.3, lon: -2.3 } }));
    const { caseId } = AlarmIngestResult.parse(await res.json());
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    const snap = await c.snapshot;
    const kase = snap.cases.find((x) => x.id === caseId);
    expect(kase).toMatchObject({ siteName: 'Balise inconnue X-99', siteId: null, drill: true, priority: 2, position: { lat: 47.3, lon: -2.3 } });
  });

  it('stores the raw message as received', async () => {
    const raw = JSON.stringify(alarmBody({ text: 'Évacuation en cours' }), null, 2);
    expect((await postAlarm(f.hub.url, f.key, null, raw)).status).toBe(202);
    const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
    const row = db.prepare('select raw from alarms').get() as { raw: string };
    db.close();
    expect(row.raw).toBe(raw);
  });

  it('rejects bad requests with clear errors and keeps serving', async () => {
    const bad = await postAlarm(f.hub.url, f.key, null, '{"beaconId": "B-1",');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid-json');

    const wrongKind = await postAlarm(f.hub.url, f.key, alarmBody({ kind: 'ppms.party' }));
    expect(wrongKind.status).toBe(400);
    const err = ((await wrongKind.json()) as { error: { code: string; message: string; issues: { path: string }[] } }).error;
    expect(err.code).toBe('invalid-alarm');
    expect(err.issues.map((i) => i.path)).toContain('kind');
    expect(err.message).toContain('kind');

    const extra = await postAlarm(f.hub.url, f.key, alarmBody({ color: 'red' }));
    expect(extra.status).toBe(400);

    expect((await postAlarm(f.hub.url, null, alarmBody())).status).toBe(401);
    expect((await postAlarm(f.hub.url, 'nope.nope', alarmBody())).status).toBe(401);
    const [gwId] = f.key.split('.');
    expect((await postAlarm(f.hub.url, `${gwId}.wrongsecret`, alarmBody())).status).toBe(401);

    const big = await postAlarm(f.hub.url, f.key, alarmBody({ text: 'x'.repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('too-large');

    expect(countAlarms()).toBe(0);
    expect((await postAlarm(f.hub.url, f.key, alarmBody())).status).toBe(202);
    const health = (await (await fetch(`${f.hub.url}/health`)).json()) as { status: string; openCases: number };
    expect(health).toMatchObject({ status: 'ok', openCases: 1 });
  });

  it('rotates a gateway key when the same name is issued again', async () => {
    const again = await f.hub.createGateway('test-gw');
    expect(again.gatewayId).toBe(f.key.split('.')[0]);
    expect((await postAlarm(f.hub.url, f.key, alarmBody())).status).toBe(401);
    expect((await postAlarm(f.hub.url, again.key, alarmBody())).status).toBe(202);
  });
});

describe('HTTP alarm ingest with grouping on (the hub’s default window)', () => {
  it('shows consoles one case for two alarms of a beacon, and answers caseId null for a status report', async () => {
    await f.cleanup();
    f = await startFixture(undefined, { grouping: { groupWindowMs: 10 * 60_000 } });
    const { token } = await login(f.hub.url, 'operateur1');
    const c = await connectConsole(f, token);
    await c.snapshot;
    const first = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody({ kind: 'ppms.confinement' }))).json());
    const second = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, alarmBody({ kind: 'ppms.intrusion', text: 'Intrus' }))).json());
    expect(second.caseId).toBe(first.caseId);
    expect(await c.waitFor((x) => x.id === first.caseId && x.version === 2)).toMatchObject({ alarmCount: 2, priority: 1, kind: 'ppms.intrusion', voiceMode: 'listen', beaconAbort: null });
    const status = await postAlarm(f.hub.url, f.key, alarmBody({ kind: 'device.test-transmission' }));
    expect(status.status).toBe(202);
    expect(AlarmIngestResult.parse(await status.json())).toMatchObject({ caseId: null, duplicate: false });
    const snap = (await connectConsole(f, token)).snapshot;
    expect((await snap).cases).toEqual([expect.objectContaining({ id: first.caseId, alarmCount: 2 })]);
  });
});
