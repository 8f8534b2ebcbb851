// Registered drill windows on a real hub database: what intake asks (drillAt) and what the CLI lists.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { supervisionFixture, type SupervisionFixture } from '../supervision/test-context';
import { addDrill, drillAt, drillCovering, DrillError, listDrills, removeDrill } from './drills';

let f: SupervisionFixture;
beforeEach(async () => {
  f = await supervisionFixture();
});
afterEach(() => f.cleanup());

describe('drills', () => {
  it('an alarm inside a registered window of its site is a drill, not before, not at the end, not on another site', async () => {
    const d = await addDrill(f.hub.db, { siteId: 'school-test', from: '2026-12-01T09:00:00+01:00', to: '2026-12-01T09:30:00+01:00', note: 'Exercice intrusion', createdBy: 'test' });
    expect(d.from).toBe('2026-12-01T08:00:00.000Z');
    expect(await drillAt(f.hub.db, 'school-test', '2026-12-01T07:59:59.999Z')).toBe(false);
    expect(await drillAt(f.hub.db, 'school-test', '2026-12-01T08:00:00.000Z')).toBe(true);
    expect(await drillAt(f.hub.db, 'school-test', new Date('2026-12-01T08:29:59Z'))).toBe(true);
    expect(await drillAt(f.hub.db, 'school-test', '2026-12-01T08:30:00.000Z')).toBe(false);
    expect(await drillAt(f.hub.db, 'municipal-test', '2026-12-01T08:10:00Z')).toBe(false);
    expect(await drillCovering(f.hub.db, 'school-test', '2026-12-01T08:10:00Z')).toEqual(d);
  });

  it('works inside a transaction (intake asks it while storing the alarm)', async () => {
    await addDrill(f.hub.db, { siteId: 'school-test', from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z', createdBy: 'test' });
    const inside = await f.hub.db.transaction().execute((trx) => drillAt(trx, 'school-test', '2026-12-01T08:10:00Z'));
    expect(inside).toBe(true);
  });

  it('an unreadable time is no drill, never an error on the alarm path', async () => {
    await addDrill(f.hub.db, { siteId: 'school-test', from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z', createdBy: 'test' });
    expect(await drillAt(f.hub.db, 'school-test', 'not a time')).toBe(false);
  });

  it('refuses an inverted, overlong or unreadable window, a bad site id and a long note, with a clear message', async () => {
    const base = { siteId: 'school-test', createdBy: 'test' };
    await expect(addDrill(f.hub.db, { ...base, from: '2026-12-01T09:00:00Z', to: '2026-12-01T08:00:00Z' })).rejects.toThrow('end after it starts');
    await expect(addDrill(f.hub.db, { ...base, from: '2026-12-01T08:00:00Z', to: '2026-12-03T08:00:00Z' })).rejects.toThrow('at most 24 hours');
    await expect(addDrill(f.hub.db, { ...base, from: 'demain', to: '2026-12-01T08:00:00Z' })).rejects.toThrow(DrillError);
    await expect(addDrill(f.hub.db, { ...base, siteId: 'a b', from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z' })).rejects.toThrow('Site id');
    await expect(addDrill(f.hub.db, { ...base, from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z', note: 'x'.repeat(201) })).rejects.toThrow('200');
    expect(await listDrills(f.hub.db)).toEqual([]);
  });

  it('lists by start, filters by site and by not yet ended, removes by id', async () => {
    const late = await addDrill(f.hub.db, { siteId: 'school-test', from: '2026-12-02T08:00:00Z', to: '2026-12-02T09:00:00Z', createdBy: 'test' });
    const early = await addDrill(f.hub.db, { siteId: 'municipal-test', from: '2026-12-01T08:00:00Z', to: '2026-12-01T09:00:00Z', note: 'a\u0007b', createdBy: 'test' });
    expect((await listDrills(f.hub.db)).map((d) => d.id)).toEqual([early.id, late.id]);
    expect(early.note).toBe('a b');
    expect((await listDrills(f.hub.db, { siteId: 'school-test' })).map((d) => d.id)).toEqual([late.id]);
    expect((await listDrills(f.hub.db, { notEndedAt: '2026-12-01T09:00:00Z' })).map((d) => d.id)).toEqual([late.id]);
    expect(await removeDrill(f.hub.db, early.id)).toBe(true);
    expect(await removeDrill(f.hub.db, early.id)).toBe(false);
    expect(await drillAt(f.hub.db, 'municipal-test', '2026-12-01T08:30:00Z')).toBe(false);
  });
});
