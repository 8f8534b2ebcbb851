/**
 * What a simulated beacon puts in its <mrq> for each kind: SCAIP device type (Annex A),
 * status code (Annex C) and device component (Annex B), chosen so that the hub's mapping
 * (shared/domain/alarm-mapping/scaip.ts, docs/ALARMS.md) reads them back as the kind;
 * codes.test.ts checks every row through that mapping, so the two cannot drift apart.
 *
 * Where the mapping has no code for a kind, a beacon reports the nearest thing the standard
 * has (SENT_AS), as a real beacon would: a portable beacon's charger is its mains (0085/0086),
 * a torn-off PTI pendant reports a tamper (0125). Movement and leaving the site have no SCAIP
 * code at all: those beacons do not send them (the transport says so, the mix draws again).
 */
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { ScaipBeaconUse } from '@shared/domain/alarm-mapping/scaip';

export interface ScaipCodes {
  dty: string;
  stc?: string;
  dco?: string;
}

export const SCAIP_CODES: Partial<Record<AlarmKind, ScaipCodes>> = {
  // PPMS beacon: one button per plan (1 discreet intrusion, 2 confinement, 3 evacuation).
  'ppms.intrusion': { dty: '0007', stc: '0010', dco: '002' },
  'ppms.confinement': { dty: '0007', stc: '0010', dco: '003' },
  'ppms.evacuation': { dty: '0007', stc: '0010', dco: '004' },
  'pti.sos': { dty: '0003', stc: '0010' },
  'pti.man-down': { dty: '0030', stc: '0009' },
  'pti.no-movement': { dty: '0010', stc: '0104' },
  'pti.tear-off': { dty: '0003', stc: '0125' },
  'pti.reception-alert': { dty: '0004', stc: '0010' },
  'ms70.fire': { dty: '0007', stc: '0010' },
  'device.low-battery': { dty: '0002', stc: '0016' },
  'device.charger-unplugged': { dty: '0002', stc: '0085' },
  'device.charger-restored': { dty: '0002', stc: '0086' },
  'device.mains-lost': { dty: '0031', stc: '0085' },
  'device.mains-restored': { dty: '0031', stc: '0086' },
  'device.self-test-failed': { dty: '0002', stc: '0105' },
  'device.self-test-passed': { dty: '0002', stc: '0112' },
  'device.test-transmission': { dty: '0002', stc: '0102' },
  'device.tamper': { dty: '0002', stc: '0125' },
  'device.cancelled': { dty: '0002', stc: '0019' },
};

/** Kinds a SCAIP beacon can only report as another kind (see the header). */
export const SENT_AS: Partial<Record<AlarmKind, AlarmKind>> = {
  'device.charger-unplugged': 'device.mains-lost',
  'device.charger-restored': 'device.mains-restored',
  'pti.tear-off': 'device.tamper',
};

/** The use a beacon must have for its codes to mean the kind (device kinds: any). */
export function useFor(kind: AlarmKind): ScaipBeaconUse | null {
  const use = kind.split('.')[0];
  return use === 'ppms' || use === 'pti' || use === 'ms70' ? use : null;
}

/** The codes of a kind, or null when no SCAIP code says it (movement, leaving the site, a silence). */
export function scaipCodesOf(kind: AlarmKind): ScaipCodes | null {
  return SCAIP_CODES[kind] ?? null;
}
