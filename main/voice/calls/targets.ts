/** Where a call goes: a beacon through the hub (its proxy finds the beacon), an outside number through the trunk. */
import { ApiError } from '@shared/contract/errors';
import type { SessionUa } from './sip-session';

export function hubTarget(s: SessionUa, beaconId: string): string {
  if (!s.credentials) throw new ApiError('hub-unreachable', `Phonie indisponible : le hub ne route pas les appels (${s.unavailable ?? 'pas de SIP'}).`);
  return `sip:${encodeURIComponent(beaconId)}@${s.credentials.registrar.host}:${s.credentials.registrar.port}`;
}

/** `sip:<digits>@<trunk host:port>`; a contact given as a sip: URI is dialled as it is. */
export function trunkTarget(trunk: string | null, number: string): string {
  if (/^sips?:/i.test(number)) return number;
  if (!trunk) throw new ApiError('invalid-argument', 'Aucune ligne extérieure configurée (--trunk) : appelez ce numéro par un autre téléphone et notez le résultat.');
  const digits = number.replace(/[\s.()-]/g, '');
  if (!/^\+?[0-9*#]{1,32}$/.test(digits)) throw new ApiError('invalid-argument', `Numéro invalide : ${number}`);
  const hostPort = trunk.replace(/^sips?:/i, '').replace(/^[^@]*@/, '').split(';')[0];
  return `sip:${digits}@${hostPort}`;
}
