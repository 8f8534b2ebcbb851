/** What a careless or hostile sender can do to ingest, against a real hub and its SQLite file. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlarmIngestResult } from '@shared/hub-protocol/ingest';
import { alarmBody, captureLogger, connectConsole, login, postAlarm, startFixture, WARN, type Fixture } from '../test-helpers';

let f: Fixture;
let cap: ReturnType<typeof captureLogger>;
beforeEach(async () => {
  cap = captureLogger();
  f = await startFixture(undefined, { logger: cap.logger });
});
afterEach(async () => {
  await f.cleanup();
});

function rows<T>(sql: string): T[] {
  const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

const post = (headers: Record<string, string>, body: string | Blob) => fetch(`${f.hub.url}/api/v1/alarms`, { method: 'POST', headers, body });
type ErrorBody = { error: { code: string; message: string; issues?: { path: string; message: string }[] } };

async function caseOf(res: Response) {
  const { caseId } = AlarmIngestResult.parse(await res.json());
  const { token } = await login(f.hub.url, 'superviseur');
  const c = await connectConsole(f, token);
  const found = (await c.snapshot).cases.find((x) => x.id === caseId);
  if (!found) throw new Error(`case ${caseId} not in the snapshot`);
  return found;
}

describe('authentication comes before the body', () => {
  it('answers 401 to a sender without a valid key, whatever it sends', async () => {
    for (const auth of [{}, { authorization: 'Bearer nope.nope' }] as Record<string, string>[]) {
      expect((await post({ ...auth, 'content-type': 'application/json' }, '{"beaconId": ')).status).toBe(401);
      expect((await post({ ...auth, 'content-type': 'text/plain' }, 'hello')).status).toBe(401);
      expect((await post({ ...auth, 'content-type': 'application/json' }, JSON.stringify(alarmBody({ text: 'x'.repeat(70_000) })))).status).toBe(401);
    }
    expect(rows('select id from alarms')).toEqual([]);
  });
});

describe('content type', () => {
  it('refuses anything but application/json with 415 and says what it got', async () => {
    const auth = { authorization: `Bearer ${f.key}` };
    const text = await post({ ...auth, 'content-type': 'text/plain' }, JSON.stringify(alarmBody()));
    expect(text.status).toBe(415);
    const body = (await text.json()) as ErrorBody;
    expect(body.error).toEqual({ code: 'unsupported-media-type', message: 'Content-Type: application/json attendu (reçu : text/plain)' });
    const none = await post(auth, new Blob([JSON.stringify(alarmBody())]));
    expect(none.status).toBe(415);
    expect(((await none.json()) as ErrorBody).error.message).toContain('aucun');
    expect((await post({ ...auth, 'content-type': 'application/x-www-form-urlencoded' }, 'a=1')).status).toBe(415);
    expect((await post({ ...auth, 'content-type': 'application/json; charset=utf-8' }, JSON.stringify(alarmBody()))).status).toBe(202);
  });
});

describe('a reference reused with other content', () => {
  it('is a 409 reference-conflict, logged, never a silent duplicate; the identical resend stays a 200 duplicate', async () => {
    const body = alarmBody({ text: 'Intrusion cour', position: { lat: 47.27, lon: -2.21 }, occurredAt: '2026-11-28T10:00:00.000Z' });
    const first = AlarmIngestResult.parse(await (await postAlarm(f.hub.url, f.key, body)).json());
    const changes: [Record<string, unknown>, string][] = [
      [{ kind: 'ppms.evacuation' }, 'kind'],
      [{ drill: true }, 'drill'],
      [{ occurredAt: '2026-11-28T10:05:00.000Z' }, 'occurredAt'],
      [{ position: { lat: 47.28, lon: -2.21 } }, 'position'],
      [{ position: undefined }, 'position'],
      [{ text: 'Fausse alerte' }, 'text'],
    ];
    for (const [change, field] of changes) {
      const res = await postAlarm(f.hub.url, f.key, { ...body, ...change });
      expect(res.status, field).toBe(409);
      const err = ((await res.json()) as ErrorBody).error;
      expect(err.code).toBe('reference-conflict');
      expect(err.message).toContain(field);
    }
    expect(cap.lines().filter((l) => l.level === WARN && /reference reused/.test(l.msg))).toHaveLength(changes.length);
    // The same alarm again, even with its time written another way, is the duplicate it always was.
    for (const same of [body, { ...body, occurredAt: '2026-11-28T11:00:00+01:00' }]) {
      const res = await postAlarm(f.hub.url, f.key, same);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ...first, duplicate: true });
    }
    expect(rows('select id from alarms')).toHaveLength(1);
  });
});

describe('beaconId', () => {
  it('is trimmed and held to letters, digits and . _ : -', async () => {
    const padded = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: '  B-1 ' }));
    expect(padded.status).toBe(202);
    expect(await caseOf(padded)).toMatchObject({ beaconId: 'B-1', siteName: 'École Jean Jaurès' });
    expect((await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'gw:zone_2.B-9' }))).status).toBe(202);

    for (const beaconId of ['   ', 'B 1', 'B-1\u202E', 'B\u00001', '\u2066B-1\u2069', 'Bé-1', 'x'.repeat(65), '']) {
      const res = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId }));
      expect(res.status, JSON.stringify(beaconId)).toBe(400);
      const err = ((await res.json()) as ErrorBody).error;
      expect(err.code).toBe('invalid-alarm');
      expect(err.issues?.map((i) => i.path)).toEqual(['beaconId']);
    }
    expect(rows('select beacon_id from alarms order by beacon_id')).toEqual([{ beacon_id: 'B-1' }, { beacon_id: 'gw:zone_2.B-9' }]);
  });
});

describe('free text', () => {
  it('loses control characters and bidi overrides in the case, and keeps them in the raw message', async () => {
    const text = 'Individu \u202Earmé\u202C côté\r\ncour\u0007 \u2067(bâtiment B)\u2069\u200F';
    const raw = JSON.stringify(alarmBody({ text }));
    const res = await postAlarm(f.hub.url, f.key, null, raw);
    expect(res.status).toBe(202);
    expect((await caseOf(res)).text).toBe('Individu armé côté cour (bâtiment B)');
    expect(rows<{ raw: string }>('select raw from alarms')[0]!.raw).toBe(raw);

    const onlyMarks = await postAlarm(f.hub.url, f.key, alarmBody({ text: '\u202E\u200E \u0000' }));
    expect((await caseOf(onlyMarks)).text).toBeNull();
  });
});

describe('a beacon clock far off', () => {
  it('keeps the alarm, dates the case at receipt, logs a warning naming the beacon, and keeps what was sent', async () => {
    const future = new Date(Date.now() + 25 * 3600_000).toISOString();
    for (const occurredAt of [future, '1999-12-31T23:59:59Z']) {
      const before = Date.now();
      const res = await postAlarm(f.hub.url, f.key, alarmBody({ beaconId: 'B-2', occurredAt }));
      expect(res.status).toBe(202);
      const c = await caseOf(res);
      expect(c.occurredAt).toBe(c.receivedAt);
      expect(Date.parse(c.occurredAt)).toBeGreaterThanOrEqual(before);
      const sent = rows<{ occurred_at: string; raw: string }>(`select occurred_at, raw from alarms where case_id = '${c.id}'`)[0]!;
      expect(sent.occurred_at).toBe(occurredAt);
      expect(sent.raw).toContain(occurredAt);
    }
    const warned = cap.lines().filter((l) => l.level === WARN && /clock/.test(l.msg));
    expect(warned).toHaveLength(2);
    expect(warned[0]).toMatchObject({ beaconId: 'B-2', occurredAt: future });
  });

  it('trusts a plausible beacon time and stores it in UTC', async () => {
    const inAnHour = new Date(Date.now() + 3600_000);
    const res = await postAlarm(f.hub.url, f.key, alarmBody({ occurredAt: '2026-11-28T11:00:00+01:00' }));
    expect((await caseOf(res)).occurredAt).toBe('2026-11-28T10:00:00.000Z');
    const early = await postAlarm(f.hub.url, f.key, alarmBody({ occurredAt: inAnHour.toISOString() }));
    expect((await caseOf(early)).occurredAt).toBe(inAnHour.toISOString());
    expect(cap.lines().filter((l) => /clock/.test(l.msg))).toEqual([]);
  });
});

describe('every HTTP failure in the hub’s own error shape', () => {
  const call = (method: string, path: string, body?: string) =>
    fetch(`${f.hub.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body });

  it('an address that does not decode is a 400 bad-url, not the framework’s body', async () => {
    const res = await call('GET', '/%');
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'bad-url', message: expect.stringContaining('/%') });
  });

  it('an unknown route is a 404 and a known one with another method a 405 naming the method it takes, whatever the JSON body', async () => {
    const unknown = await call('POST', '/api/v1/nope', 'not json');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error.code).toBe('not-found');
    const wrongMethod = await call('PUT', '/api/v1/alarms', '{broken');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(((await wrongMethod.json()) as ErrorBody).error).toMatchObject({ code: 'method-not-allowed', message: expect.stringContaining('POST') });
  });

  it('a reference conflict names the reference clipped and without control characters', async () => {
    const reference = `ref\u0007\u202E${'x'.repeat(120)}`;
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${f.key}` };
    expect((await post(headers, JSON.stringify(alarmBody({ reference })))).status).toBe(202);
    const res = await post(headers, JSON.stringify(alarmBody({ reference, kind: 'pti.sos' })));
    expect(res.status).toBe(409);
    const { message } = ((await res.json()) as ErrorBody).error;
    expect(message).toContain(`ref${'x'.repeat(37)}…`);
    expect(message).not.toContain('\u0007');
    expect(message).not.toContain('\u202E');
    expect(message).not.toContain('x'.repeat(41));
  });

  it('refuses an unknown key inside position instead of dropping it', async () => {
    const res = await post({ 'content-type': 'application/json', authorization: `Bearer ${f.key}` }, JSON.stringify(alarmBody({ position: { lat: 47.27, lon: -2.21, alt: 12 } })));
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.issues?.[0]?.path).toBe('position');
  });
});
