import { describe, expect, it } from 'vitest';
import { ALARM_KINDS, categoryOf, opensCase } from '../alarm-kinds';
import { ALARM_STATUSES, DEVICE_KINDS, PLAIN_DEVICES, PPMS_BUTTONS, scaipKind, STATUS_KINDS, USE_DEFAULT, type ScaipBeaconUse } from './scaip';

const USES: ScaipBeaconUse[] = ['ppms', 'pti', 'ms70'];

describe('SCAIP status codes (stc) that are not alarms', () => {
  it.each(Object.entries(STATUS_KINDS))('stc %s is %s whatever the device and the use', (stc, kind) => {
    for (const use of [...USES, null]) {
      for (const dty of ['0002', '0003', '0030']) expect(scaipKind({ dty, stc, dco: '002' }, use)).toEqual({ kind, by: 'stc', unknown: [] });
    }
  });

  it('never names a life-safety kind: a fault or a restore must not page 17/18', () => {
    for (const kind of Object.values(STATUS_KINDS)) expect(categoryOf(kind)).not.toBe('life-safety');
  });

  it('keeps the alarm codes out of this table', () => {
    for (const stc of ALARM_STATUSES) expect(STATUS_KINDS[stc]).toBeUndefined();
  });
});

describe('PPMS buttons (dco)', () => {
  it.each(Object.entries(PPMS_BUTTONS))('button %s of a PPMS beacon is %s, with or without an alarm status', (dco, kind) => {
    for (const stc of [undefined, '0010', '0009']) expect(scaipKind({ dty: '0002', stc, dco }, 'ppms')).toEqual({ kind, by: 'dco', unknown: [] });
  });

  it('means nothing on a PTI beacon (its device type decides)', () => {
    expect(scaipKind({ dty: '0003', dco: '003' }, 'pti').kind).toBe('pti.sos');
  });
});

describe('device types (dty) by beacon use', () => {
  const rows = Object.entries(DEVICE_KINDS).flatMap(([dty, byUse]) => USES.map((use) => [dty, use, byUse[use] ?? USE_DEFAULT[use]] as const));
  it.each(rows)('dty %s on a %s beacon is %s', (dty, use, kind) => {
    expect(scaipKind({ dty, stc: '0010' }, use)).toMatchObject({ kind, unknown: [] });
  });

  it('gives every alarm device a life-safety kind', () => {
    for (const byUse of Object.values(DEVICE_KINDS)) for (const kind of Object.values(byUse)) expect(categoryOf(kind)).toBe('life-safety');
  });

  it.each(PLAIN_DEVICES.flatMap((dty) => USES.map((use) => [dty, use] as const)))('dty %s (known, no kind of its own) on a %s beacon is the use\'s alarm', (dty, use) => {
    expect(scaipKind({ dty }, use)).toEqual({ kind: USE_DEFAULT[use], by: 'use', unknown: [] });
  });
});

describe('codes we do not know fail safe', () => {
  it.each([
    [{ dty: '0950', stc: '0010' }, 'pti', 'pti.sos', 'use', ['dty 0950']],
    [{ dty: '0003', stc: '0950' }, 'pti', 'pti.sos', 'dty', ['stc 0950']],
    [{ dty: '0999', stc: '0999' }, 'ms70', 'ms70.fire', 'use', ['stc 0999', 'dty 0999']],
    [{ dty: '0002', dco: '099' }, 'ppms', 'ppms.intrusion', 'use', []],
    [{ dty: '0950' }, null, 'ppms.intrusion', 'use', ['dty 0950']],
  ] as const)('%j on a %s beacon: %s (by %s), the code shown', (codes, use, kind, by, unknown) => {
    const m = scaipKind(codes, use);
    expect(m).toEqual({ kind, by, unknown });
    expect(opensCase(m.kind)).toBe(true);
  });

  it('a PTI time-out (0104) is no movement; elsewhere the use\'s alarm', () => {
    expect(scaipKind({ dty: '0002', stc: '0104' }, 'pti').kind).toBe('pti.no-movement');
    expect(scaipKind({ dty: '0002', stc: '0104' }, 'ms70').kind).toBe('ms70.fire');
  });

  it('the use defaults are alarms', () => {
    for (const kind of Object.values(USE_DEFAULT)) expect(ALARM_KINDS).toContain(kind);
    for (const kind of Object.values(USE_DEFAULT)) expect(categoryOf(kind)).toBe('life-safety');
  });
});
