/**
 * Which requests need a logged-in operator. One entry per request: a request
 * added to requestSchemas without an entry here fails the type check, so
 * access is decided when the request is designed, not guessed from its name.
 */
import { directoryAccess } from './directory';
import { scriptAccess } from './scripts';
import type { RequestName } from './requests';

export type RequestAccess = 'public' | 'operator';

export const requestAccess = {
  'app.info': 'public',
  'session.get': 'public',
  'session.login': 'public',
  'session.logout': 'public',
  'cases.list': 'operator',
  'cases.claim': 'operator',
  'cases.release': 'operator',
  'cases.close': 'operator',
  'cases.history': 'operator',
  'journal.list': 'operator',
  'journal.outbox': 'operator',
  'commands.list': 'operator',
  ...directoryAccess,
  ...scriptAccess,
  // Voice: every call is an operator's (privacy guard in main/voice).
  'voice.calls': 'operator',
  'voice.callBeacon': 'operator',
  'voice.testCall': 'operator',
  'voice.setMode': 'operator',
  'voice.ptt': 'operator',
  'voice.beaconVolume': 'operator',
  'voice.hangup': 'operator',
  'voice.callOut': 'operator',
  'voice.bridge': 'operator',
  'voice.recordings': 'operator',
} as const satisfies Record<RequestName, RequestAccess>;

export function needsOperator(name: RequestName): boolean {
  return requestAccess[name] === 'operator';
}
