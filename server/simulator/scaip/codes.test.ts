/** Every code a simulated beacon sends reads back, through the hub's own mapping, as the kind it meant. */
import { describe, expect, it } from 'vitest';
import { ALARM_KINDS } from '@shared/domain/alarm-kinds';
import { scaipKind } from '@shared/domain/alarm-mapping/scaip';
import { parseMrq } from '../../hub/scaip/message';
import { SCAIP_CODES, SENT_AS, scaipCodesOf, useFor } from './codes';
import { buildMrq, controllerIdOf } from './mrq';

describe('simulated beacon codes', () => {
  it.each(Object.entries(SCAIP_CODES))('%s reads back as itself (or its documented stand-in), with no unknown code', (kind, codes) => {
    const k = kind as (typeof ALARM_KINDS)[number];
    for (const use of useFor(k) ? [useFor(k)!] : (['ppms', 'pti', 'ms70'] as const)) {
      expect(scaipKind(codes, use)).toMatchObject({ kind: SENT_AS[k] ?? k, unknown: [] });
    }
  });

  it('has no code for what SCAIP cannot say, and says so', () => {
    expect(ALARM_KINDS.filter((k) => scaipCodesOf(k) === null)).toEqual(['device.heartbeat-missed', 'device.moved', 'device.left-site']);
  });

  it('builds an mrq the hub parses: ref, cid, codes, UTF-8 text clipped to 32, position', () => {
    const xml = buildMrq({
      ref: 'Sabc123',
      cid: controllerIdOf('SN-PPMS-001'),
      kind: 'ppms.confinement',
      did: 'SN-PPMS-001',
      text: 'EXERCICE — Demande de confinement, salle 12 côté cour',
      position: { lat: 47.263281, lon: -2.23337 },
    });
    const r = parseMrq(xml);
    expect(r).toMatchObject({
      ok: true,
      mrq: { ref: 'Sabc123', mty: 'ME', dty: '0007', stc: '0010', dco: '003', did: 'SN-PPMS-001', lco: '034', geo: { lat: 47.263281, lon: -2.23337 } },
    });
    if (!r.ok) return;
    expect(r.mrq.cid).toMatch(/^\d{10}$/);
    expect([...r.mrq.stt!]).toHaveLength(32);
    expect(r.mrq.stt!.startsWith('EXERCICE — Demande')).toBe(true);
    // A beacon id over 16 characters stays out of did (it is in the From URI and the digest username).
    const long = parseMrq(buildMrq({ ref: 'R1', cid: '1', kind: 'pti.sos', did: 'school-0441482x-C01' }));
    expect(long.ok && long.mrq.did).toBeUndefined();
    expect(parseMrq(buildMrq({ ref: 'R2', cid: '1', mty: 'PI', acceptsHeartbeatInterval: true }))).toMatchObject({ ok: true, mrq: { mty: 'PI', acceptsHeartbeatInterval: true } });
  });
});
