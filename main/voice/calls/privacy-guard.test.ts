/** The privacy guard's rule, alone: who may hear a beacon, and the sentence a refusal says. */
import { describe, expect, it } from 'vitest';
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { initialBeaconMode, beaconDigitFor } from './call';
import { mayCallOutForCase, mayHearBeaconOfCase, mayTestCall } from './privacy-guard';
import { hostBeside } from './sip-session';

const ME: Operator = { id: 'op-1', username: 'cmorvan', displayName: 'Camille Morvan', role: 'operator' };
const TRAINER: Operator = { id: 'op-9', username: 'trainer', displayName: 'Formatrice', role: 'trainer' };
const T0 = '2026-11-30T08:00:00.000Z';

function aCase(over: Partial<Case> = {}): Case {
  return {
    id: 'case-1', version: 2, status: 'claimed', kind: 'ppms.intrusion', priority: 1, drill: false, beaconId: 'SN-PPMS-001', siteId: 's', siteName: 'École',
    siteKind: 'school', address: '', position: null, occurredAt: T0, receivedAt: T0, owner: { operatorId: 'op-1', displayName: 'Camille Morvan' }, claimedAt: T0,
    closedAt: null, closureCode: null, closureNote: null, text: null, alarmCount: 1, lastAlarmAt: T0, voiceMode: 'listen', beaconAbort: null, beacon: null,
    ...over,
  };
}

describe('privacy guard', () => {
  it('opens audio with a beacon only inside an open case this operator owns', () => {
    expect(mayHearBeaconOfCase(ME, 'case-1', aCase(), false)).toEqual({ ok: true });
  });

  it.each([
    ['nobody logged in', null, 'case-1', aCase(), false, 'not-logged-in', /aucun opérateur connecté/],
    ['no case at all', ME, null, undefined, false, 'forbidden', /aucun dossier ouvert.*appel de test justifié/],
    ['a trainer', TRAINER, 'case-1', aCase(), false, 'forbidden', /votre rôle ne traite pas les alarmes réelles/],
    ['a case not taken', ME, 'case-1', aCase({ status: 'open', owner: null }), false, 'not-owner', /prenez d’abord le dossier en charge/],
    ['a colleague’s case', ME, 'case-1', aCase({ owner: { operatorId: 'op-2', displayName: 'Yann Le Gall' } }), false, 'not-owner', /pris en charge par Yann Le Gall/],
    ['a closed case', ME, 'case-1', undefined, true, 'already-closed', /le dossier case-1 est clos/],
    ['an unknown case', ME, 'case-x', undefined, false, 'not-found', /introuvable/],
  ] as const)('refuses %s, and says why', (_what, op, caseId, known, wasClosed, code, message) => {
    const v = mayHearBeaconOfCase(op, caseId, known, wasClosed);
    expect(v).toMatchObject({ ok: false, code });
    expect(v.ok ? '' : v.message).toMatch(message);
    expect(v.ok ? '' : v.message).toMatch(/^Appel refusé : /);
  });

  it('a technical test call needs a reason of 10 characters or more', () => {
    expect(mayTestCall(ME, 'Essai trimestriel du haut-parleur')).toEqual({ ok: true });
    expect(mayTestCall(ME, '  court   ')).toMatchObject({ ok: false, message: expect.stringMatching(/indiquez le motif \(10 caractères au moins\)/) });
    expect(mayTestCall(TRAINER, 'Essai trimestriel du haut-parleur')).toMatchObject({ ok: false, code: 'forbidden' });
  });

  it('a call-out needs the case to be this operator’s too', () => {
    expect(mayCallOutForCase(ME, 'case-1', aCase(), false)).toEqual({ ok: true });
    expect(mayCallOutForCase(ME, 'case-1', aCase({ owner: null, status: 'open' }), false)).toMatchObject({ ok: false, message: 'Appel sortant refusé : prenez d’abord le dossier en charge.' });
  });

  it('a drill never calls 17, 18, 15 or 112, however the number is written; its other contacts still can be', () => {
    const drill = aCase({ drill: true });
    for (const n of ['17', '18', '15', '112', ' 1 7 ', 'sip:17@trunk']) {
      expect(mayCallOutForCase(ME, 'case-1', drill, false, n)).toMatchObject({ ok: false, code: 'forbidden', message: expect.stringMatching(/exercice/) });
    }
    expect(mayCallOutForCase(ME, 'case-1', drill, false, '02 61 91 00 00')).toEqual({ ok: true });
    expect(mayCallOutForCase(ME, 'case-1', aCase(), false, '17')).toEqual({ ok: true });
  });
});

describe('modes', () => {
  it('a beacon call starts discreet unless the case asks duplex; each mode’s SCAIP digit', () => {
    expect(initialBeaconMode('listen')).toBe('listen');
    expect(initialBeaconMode('none')).toBe('listen');
    expect(initialBeaconMode('duplex')).toBe('talk');
    expect([beaconDigitFor('listen'), beaconDigitFor('talk'), beaconDigitFor('ptt'), beaconDigitFor('mute')]).toEqual(['7', '4', '4', null]);
  });
});

describe('SIP address beside a hub on the same machine', () => {
  it('moves to another loopback address on Linux, names itself localhost on macOS, leaves anything else alone', () => {
    expect(hostBeside('127.0.0.1', '127.0.0.1', 'linux')).toEqual({ host: '127.0.0.3' });
    expect(hostBeside('127.0.0.1', '127.0.0.1', 'darwin')).toEqual({ host: '127.0.0.1', publicAddress: 'localhost' });
    expect(hostBeside('192.0.2.10', '192.0.2.20', 'linux')).toEqual({ host: '192.0.2.10' });
  });
});
