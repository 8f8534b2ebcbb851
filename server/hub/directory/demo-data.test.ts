/** The demo directory, access codes and floor plans: valid, fictional numbers only, beacons in their rooms. */
import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { pointInPolygon } from '@shared/geo/geofence';
import { rooms } from '@shared/domain/site-plan';
import { isFictionNumber } from '@shared/domain/site';
import { findResourcesDir, loadDemoDirectory } from '../paths';
import { loadDemoExtras } from './seed';

const directory = loadDemoDirectory();
const extras = loadDemoExtras(findResourcesDir(), pino({ level: 'silent' }));

describe('demo site directory', () => {
  it('has only numbers in the ARCEP fiction ranges (nobody real can be reached from a demo)', () => {
    const phones = directory.sites.flatMap((s) => s.contacts.map((c) => c.phone));
    expect(phones.length).toBeGreaterThan(100);
    expect(phones.filter((p) => !isFictionNumber(p))).toEqual([]);
    expect(isFictionNumber('02 40 00 00 00')).toBe(false);
  });

  it('has schools, crèches, municipal buildings and the CCAS reception, each beacon on a known site', () => {
    const kinds = new Set(directory.sites.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['creche', 'erp', 'municipal', 'school']);
    expect(directory.sites.find((s) => s.id === 'municipal-ccas-accueil')?.name).toBe('CCAS — accueil du public');
    const ids = new Set(directory.sites.map((s) => s.id));
    expect(directory.beacons.filter((b) => !ids.has(b.siteId))).toEqual([]);
  });

  it('has at least three floor plans, each beacon placed inside the room it names', () => {
    const plans = extras.plans ?? [];
    expect(plans.map((p) => p.siteId).sort()).toEqual(['municipal-hotel-de-ville', 'school-0440882v', 'school-0442759k']);
    for (const plan of plans) {
      expect(plan.floors.length).toBeGreaterThanOrEqual(2);
      expect(rooms(plan).some((r) => r.properties.confinement)).toBe(true);
      expect(plan.features.some((f) => f.properties.kind === 'assembly')).toBe(true);
      expect(plan.features.some((f) => f.properties.kind === 'access')).toBe(true);
      for (const b of directory.beacons.filter((x) => x.siteId === plan.siteId)) {
        const room = rooms(plan).find((r) => r.properties.id === b.placement?.roomId);
        expect(room, b.id).toBeDefined();
        expect(room!.properties.floor).toBe(b.placement!.floor);
        expect(pointInPolygon(b.placement!.position, room!.geometry.coordinates)).toBe(true);
      }
    }
  });

  it('keeps access codes apart from the directory file', () => {
    expect(JSON.stringify(directory)).not.toMatch(/"code"/);
    expect(Object.keys(extras.accessCodes ?? {}).length).toBeGreaterThan(50);
  });
});
