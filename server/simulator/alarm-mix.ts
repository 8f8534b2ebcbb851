/**
 * What the simulated beacons report, weighted after the field (DESIGN.md §1):
 * PPMS beacons mostly intrusion/confinement, PTI workers SOS and man-down,
 * MS70 fire calls, and every beacon now and then a technical fault.
 */
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Beacon, Directory, Position } from '@shared/domain/site';
import { pickOne, pickWeighted, type Rng } from './random';

type Use = Beacon['use'];

/** Share of alarms per beacon use; device faults come from any beacon. */
const CATEGORY: readonly (readonly [Use | 'device', number])[] = [
  ['ppms', 45],
  ['pti', 18],
  ['ms70', 10],
  ['device', 27],
];

const KINDS: Record<Use | 'device', readonly (readonly [AlarmKind, number])[]> = {
  ppms: [
    ['ppms.intrusion', 45],
    ['ppms.confinement', 40],
    ['ppms.evacuation', 15],
  ],
  pti: [
    ['pti.sos', 40],
    ['pti.man-down', 30],
    ['pti.no-movement', 20],
    ['pti.tear-off', 10],
  ],
  ms70: [['ms70.fire', 1]],
  device: [
    ['device.low-battery', 30],
    ['device.charger-unplugged', 30],
    ['device.heartbeat-missed', 12],
    ['device.self-test-failed', 12],
    ['device.tamper', 8],
    ['device.moved', 8],
  ],
};

const TEXT: Partial<Record<AlarmKind, string>> = {
  'ppms.intrusion': 'Alerte intrusion déclenchée (bouton discret)',
  'ppms.confinement': 'Demande de confinement',
  'ppms.evacuation': 'Demande d’évacuation',
  'pti.sos': 'Bouton SOS du travailleur isolé',
  'pti.man-down': 'Perte de verticalité détectée',
  'pti.no-movement': 'Absence de mouvement prolongée',
  'pti.tear-off': 'Arrachement du dispositif',
  'ms70.fire': 'Alarme incendie MS70',
  'device.low-battery': 'Batterie faible',
  'device.charger-unplugged': 'Chargeur débranché',
  'device.heartbeat-missed': 'Test cyclique manquant',
  'device.self-test-failed': 'Autotest en échec',
  'device.tamper': 'Ouverture du boîtier',
  'device.moved': 'Balise déplacée (GPS)',
};

export interface SimAlarm {
  beaconId: string;
  kind: AlarmKind;
  drill: boolean;
  position?: Position;
  text?: string;
}

/** A few metres of GPS jitter around the site (1e-5° ≈ 1.1 m in latitude). */
function jitter(rng: Rng, p: Position): Position {
  const r = () => (rng() - 0.5) * 2 * 5e-5;
  return { lat: +(p.lat + r()).toFixed(6), lon: +(p.lon + r() * 1.5).toFixed(6) };
}

function kindFor(rng: Rng, use: Use, forceDevice: boolean): AlarmKind {
  return pickWeighted(rng, KINDS[forceDevice ? 'device' : use]);
}

export function nextAlarm(rng: Rng, directory: Directory, drillShare: number, over: Partial<SimAlarm> = {}): SimAlarm {
  const sites = new Map(directory.sites.map((s) => [s.id, s]));
  let beacon = over.beaconId ? directory.beacons.find((b) => b.id === over.beaconId) : undefined;
  let device = false;
  if (!beacon && !over.beaconId) {
    const cat = pickWeighted(rng, CATEGORY);
    device = cat === 'device';
    const pool = device ? directory.beacons : directory.beacons.filter((b) => b.use === cat);
    beacon = pickOne(rng, pool.length ? pool : directory.beacons);
  }
  const kind = over.kind ?? (beacon ? kindFor(rng, beacon.use, device) : 'device.heartbeat-missed');
  // Drills are registered PPMS exercises; other kinds are never drills unless asked.
  const drill = over.drill ?? (kind.startsWith('ppms.') && rng() < drillShare);
  const site = beacon ? sites.get(beacon.siteId) : undefined;
  const base = TEXT[kind];
  return {
    beaconId: over.beaconId ?? beacon?.id ?? 'SIM-UNKNOWN',
    kind,
    drill,
    ...(site ? { position: jitter(rng, site.position) } : {}),
    ...(base ? { text: drill ? `EXERCICE — ${base}` : base } : {}),
  };
}
