/**
 * What the simulated beacons report, weighted after the field (../shared/context: a city's
 * PPMS, PTI/DATI and MS70 beacons): most messages are technical (chargers unplugged by the
 * cleaning staff, then plugged back; low batteries; routine self-tests and test
 * transmissions) or announced drills; a real life-safety alarm is a small share, and a
 * real intrusion is rare. A fault often comes with its restore a little later, and a
 * button pressed by mistake with its cancel, as real beacons send them.
 */
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Beacon, Directory, Position } from '@shared/domain/site';
import { pickOne, pickWeighted, type Rng } from './random';

type Use = Beacon['use'];

/** What happens on a beacon; one episode = one alarm, maybe followed by its restore or cancel. */
export type EpisodeType = 'status' | 'fault' | 'drill' | 'life-safety' | 'false-trigger';

/** Share of episodes per type (sums to 100): technical and drills dominate, as in the field. */
export const EPISODE_SHARE: readonly (readonly [EpisodeType, number])[] = [
  ['status', 22],
  ['fault', 38],
  ['drill', 25],
  ['life-safety', 10],
  ['false-trigger', 5],
];

const STATUS: readonly (readonly [AlarmKind, number])[] = [
  ['device.self-test-passed', 60],
  ['device.test-transmission', 40],
];

const FAULTS: readonly (readonly [AlarmKind, number])[] = [
  ['device.charger-unplugged', 35],
  ['device.low-battery', 20],
  ['device.mains-lost', 10],
  ['device.self-test-failed', 10],
  ['device.moved', 10],
  ['device.tamper', 8],
  ['device.left-site', 2],
];

/** The restore a beacon sends once the fault is over, and how often it comes at all. */
const RESTORE_OF: Partial<Record<AlarmKind, readonly [AlarmKind, number]>> = {
  'device.charger-unplugged': ['device.charger-restored', 0.8],
  'device.low-battery': ['device.charger-restored', 0.6],
  'device.mains-lost': ['device.mains-restored', 0.8],
};

/** Exercises are PPMS: confinement and evacuation mostly, the intrusion drill less often. */
const DRILLS: readonly (readonly [AlarmKind, number])[] = [
  ['ppms.confinement', 45],
  ['ppms.evacuation', 35],
  ['ppms.intrusion', 20],
];

/** Real alarms: isolated workers and fire calls first; a real PPMS intrusion is rare (2 % of 10 %). */
const LIFE_SAFETY: readonly (readonly [AlarmKind, number])[] = [
  ['pti.sos', 25],
  ['pti.man-down', 20],
  ['pti.no-movement', 15],
  ['pti.reception-alert', 10],
  ['pti.tear-off', 5],
  ['ms70.fire', 10],
  ['ppms.confinement', 8],
  ['ppms.evacuation', 5],
  ['ppms.intrusion', 2],
];

const TEXT: Record<AlarmKind, string> = {
  'ppms.intrusion': 'Alerte intrusion déclenchée (bouton discret)',
  'ppms.confinement': 'Demande de confinement',
  'ppms.evacuation': 'Demande d’évacuation',
  'pti.sos': 'Bouton SOS du travailleur isolé',
  'pti.man-down': 'Perte de verticalité détectée',
  'pti.no-movement': 'Absence de mouvement prolongée',
  'pti.tear-off': 'Arrachement du dispositif',
  'pti.reception-alert': 'Alerte DATI à l’accueil',
  'ms70.fire': 'Alarme incendie MS70',
  'device.low-battery': 'Batterie faible',
  'device.charger-unplugged': 'Chargeur débranché',
  'device.charger-restored': 'Chargeur rebranché',
  'device.mains-lost': 'Coupure secteur',
  'device.mains-restored': 'Secteur rétabli',
  'device.self-test-failed': 'Autotest en échec',
  'device.self-test-passed': 'Autotest réussi',
  'device.test-transmission': 'Transmission de test',
  'device.heartbeat-missed': 'Test cyclique manquant',
  'device.tamper': 'Ouverture du boîtier',
  'device.moved': 'Balise déplacée (GPS)',
  'device.left-site': 'Balise hors de son site',
  'device.cancelled': 'Annulation par l’utilisateur',
};

export interface SimAlarm {
  beaconId: string;
  kind: AlarmKind;
  /** An announced exercise: the sender registers the drill window for the site first. */
  drill: boolean;
  position?: Position;
  text?: string;
}

/** One alarm and, maybe, what the same beacon sends after it (restore, cancel). */
export interface Episode {
  type: EpisodeType;
  alarm: SimAlarm;
  followUp?: { afterMs: number; alarm: SimAlarm };
}

/** A few metres of GPS jitter around the site (1e-5° ≈ 1.1 m in latitude). */
function jitter(rng: Rng, p: Position): Position {
  const r = () => (rng() - 0.5) * 2 * 5e-5;
  return { lat: +(p.lat + r()).toFixed(6), lon: +(p.lon + r() * 1.5).toFixed(6) };
}

/** A beacon of the kind's use (a PTI kind from a PTI beacon); any beacon for device kinds or when none fits. */
function beaconFor(rng: Rng, directory: Directory, kind: AlarmKind): Beacon | undefined {
  const use = kind.split('.')[0] as Use | 'device';
  const pool = use === 'device' ? directory.beacons : directory.beacons.filter((b) => b.use === use);
  const from = pool.length ? pool : directory.beacons;
  return from.length ? pickOne(rng, from) : undefined;
}

function kindOf(rng: Rng, type: EpisodeType): AlarmKind {
  switch (type) {
    case 'status':
      return pickWeighted(rng, STATUS);
    case 'fault':
      return pickWeighted(rng, FAULTS);
    case 'drill':
      return pickWeighted(rng, DRILLS);
    case 'life-safety':
      return pickWeighted(rng, LIFE_SAFETY);
    case 'false-trigger':
      return pickWeighted(rng, [['ppms.confinement', 45], ['pti.sos', 45], ['ppms.intrusion', 5]] as const);
  }
}

export function textOf(kind: AlarmKind, drill: boolean): string {
  return drill ? `EXERCICE — ${TEXT[kind]}` : TEXT[kind];
}

function alarmAt(rng: Rng, directory: Directory, beaconId: string, kind: AlarmKind, drill: boolean): SimAlarm {
  const beacon = directory.beacons.find((b) => b.id === beaconId);
  const site = beacon ? directory.sites.find((s) => s.id === beacon.siteId) : undefined;
  return { beaconId, kind, drill, ...(site ? { position: jitter(rng, site.position) } : {}), text: textOf(kind, drill) };
}

export interface EpisodeRequest {
  beaconId?: string;
  kind?: AlarmKind;
  drill?: boolean;
  type?: EpisodeType;
}

/** The next thing a beacon of the directory sends; `over` pins the beacon, kind, drill or type. */
export function nextEpisode(rng: Rng, directory: Directory, over: EpisodeRequest = {}): Episode {
  const type: EpisodeType = over.type ?? (over.drill ? 'drill' : over.kind ? typeOfKind(over.kind) : pickWeighted(rng, EPISODE_SHARE));
  const kind = over.kind ?? kindOf(rng, type);
  const beaconId = over.beaconId ?? beaconFor(rng, directory, kind)?.id ?? 'SIM-UNKNOWN';
  const drill = over.drill ?? type === 'drill';
  const alarm = alarmAt(rng, directory, beaconId, kind, drill);
  const episode: Episode = { type, alarm };
  const restore = RESTORE_OF[kind];
  if (restore && rng() < restore[1]) {
    // Someone notices and plugs it back: within minutes, as in a school day.
    episode.followUp = { afterMs: 30_000 + rng() * 150_000, alarm: alarmAt(rng, directory, beaconId, restore[0], false) };
  } else if (type === 'false-trigger') {
    episode.followUp = { afterMs: 5_000 + rng() * 20_000, alarm: alarmAt(rng, directory, beaconId, 'device.cancelled', false) };
  }
  return episode;
}

function typeOfKind(kind: AlarmKind): EpisodeType {
  if (STATUS.some(([k]) => k === kind)) return 'status';
  if (kind.startsWith('device.')) return 'fault';
  return 'life-safety';
}

/** The kinds a demo may start with: something the queue shows at once. */
export function isCaseOpening(type: EpisodeType): boolean {
  return type !== 'status';
}
