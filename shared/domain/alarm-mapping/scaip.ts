/**
 * SCAIP codes → alarm kinds, as data (docs/ALARMS.md prints these tables). Order of the
 * decision, first match wins:
 *   1. the status code `stc` when it names a fault, a restore or a routine status
 *      (STATUS_KINDS): the device type does not matter for a flat battery;
 *   2. a PPMS beacon's button `dco` (PPMS_BUTTONS): one beacon, three plans;
 *   3. the device type `dty` with the beacon's use (DEVICE_KINDS);
 *   4. the beacon's use alone (USE_DEFAULT).
 * An alarm status (stc absent, 0009, 0010, 0011, 0110…) goes on to steps 2–4. A code we do
 * not know never loses the alarm: it is treated as an alarm of the beacon's use (fail
 * safe) and said in `unknown` so the operator sees the code.
 */
import type { AlarmKind } from '../alarm-kinds';

export type ScaipBeaconUse = 'ppms' | 'pti' | 'ms70';

/** Annex C status codes that are not alarms, and what they mean here. */
export const STATUS_KINDS: Readonly<Record<string, AlarmKind>> = {
  '0014': 'device.low-battery', // battery failure
  '0016': 'device.low-battery', // battery low
  '0019': 'device.cancelled', // cancel
  '0023': 'device.self-test-failed', // communication link failures 0023–0027
  '0024': 'device.self-test-failed',
  '0025': 'device.self-test-failed',
  '0026': 'device.self-test-failed',
  '0027': 'device.self-test-failed',
  '0085': 'device.mains-lost', // mains power fail
  '0086': 'device.mains-restored', // mains power restored
  '0092': 'device.cancelled', // reset, automatic
  '0093': 'device.cancelled', // reset, manual
  '0094': 'device.cancelled', // restoral
  '0102': 'device.test-transmission', // test transmission 0102/0103
  '0103': 'device.test-transmission',
  '0105': 'device.self-test-failed', // trouble
  '0111': 'device.cancelled', // check-out: intervention complete on site
  '0112': 'device.self-test-passed', // communication links re-established 0112–0116
  '0113': 'device.self-test-passed',
  '0114': 'device.self-test-passed',
  '0115': 'device.self-test-passed',
  '0116': 'device.self-test-passed',
  '0125': 'device.tamper', // tamper alarm
};

/** Annex C codes that say "alarm": the kind then comes from the button, the device and the use. */
export const ALARM_STATUSES: readonly string[] = ['0001', '0009', '0010', '0011', '0088', '0104', '0110'];

/** PPMS beacons (our profile): button 1 intrusion, button 2 confinement, button 3 evacuation (Annex B dco 002–004). */
export const PPMS_BUTTONS: Readonly<Record<string, AlarmKind>> = {
  '002': 'ppms.intrusion',
  '003': 'ppms.confinement',
  '004': 'ppms.evacuation',
};

/** Annex A device types, per beacon use; a use missing from a row falls to USE_DEFAULT. */
export const DEVICE_KINDS: Readonly<Record<string, Partial<Record<ScaipBeaconUse, AlarmKind>>>> = {
  '0003': { pti: 'pti.sos', ppms: 'ppms.intrusion', ms70: 'ms70.fire' }, // personal trigger, pendant
  '0004': { pti: 'pti.reception-alert', ppms: 'ppms.intrusion', ms70: 'ms70.fire' }, // fixed trigger
  '0005': { pti: 'pti.man-down', ppms: 'pti.man-down', ms70: 'pti.man-down' }, // fall detector
  '0007': { pti: 'pti.reception-alert', ppms: 'ppms.intrusion', ms70: 'ms70.fire' }, // panic button
  '0010': { pti: 'pti.no-movement' }, // activity detector
  '0023': { pti: 'ms70.fire', ppms: 'ms70.fire', ms70: 'ms70.fire' }, // smoke detector
  '0026': { pti: 'ms70.fire', ppms: 'ms70.fire', ms70: 'ms70.fire' }, // CO detector
  '0030': { pti: 'pti.man-down', ppms: 'pti.man-down', ms70: 'pti.man-down' }, // man-down
};

/** Device types known to us whose alarm is simply "an alarm of this beacon" (kept so they are not called unknown). */
export const PLAIN_DEVICES: readonly string[] = ['0002', '0014', '0015', '0031', '0032', '0033', '0046', '0051'];

/**
 * A beacon of unknown use (credentials without a directory entry): a PPMS intrusion, the
 * highest priority with discreet listening: an alarm we cannot place must be seen first,
 * and must not make a beacon's speaker talk over an intruder.
 */
export const USE_DEFAULT: Readonly<Record<ScaipBeaconUse | 'unknown', AlarmKind>> = {
  ppms: 'ppms.intrusion',
  pti: 'pti.sos',
  ms70: 'ms70.fire',
  unknown: 'ppms.intrusion',
};

/** A PTI time-out (stc 0104) is the no-movement timer running out. */
const PTI_TIMEOUT: AlarmKind = 'pti.no-movement';

export interface ScaipCodes {
  /** 4 digits. */
  dty: string;
  /** 4 digits; undefined = an alarm. */
  stc?: string;
  /** 3 digits. */
  dco?: string;
}

export interface ScaipMapping {
  kind: AlarmKind;
  /** Which table decided, for the case's details and docs: "stc", "dco", "dty", "use". */
  by: 'stc' | 'dco' | 'dty' | 'use';
  /** Codes we do not know, e.g. ["stc 0950"]: shown to the operator, the alarm still raised. */
  unknown: string[];
}

export function scaipKind(codes: ScaipCodes, use: ScaipBeaconUse | null): ScaipMapping {
  const unknown: string[] = [];
  if (codes.stc !== undefined) {
    const status = STATUS_KINDS[codes.stc];
    if (status) return { kind: status, by: 'stc', unknown };
    if (!ALARM_STATUSES.includes(codes.stc)) unknown.push(`stc ${codes.stc}`);
    else if (codes.stc === '0104' && use === 'pti') return { kind: PTI_TIMEOUT, by: 'stc', unknown };
  }
  if (use === 'ppms' && codes.dco !== undefined) {
    const button = PPMS_BUTTONS[codes.dco];
    if (button) return { kind: button, by: 'dco', unknown };
  }
  const device = DEVICE_KINDS[codes.dty];
  const byDevice = device && use ? device[use] : undefined;
  if (byDevice) return { kind: byDevice, by: 'dty', unknown };
  if (!device && !PLAIN_DEVICES.includes(codes.dty)) unknown.push(`dty ${codes.dty}`);
  return { kind: USE_DEFAULT[use ?? 'unknown'], by: 'use', unknown };
}
