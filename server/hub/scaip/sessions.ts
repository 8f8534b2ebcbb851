/**
 * The beacons' open message sessions (one per beacon and ref): what they were last told
 * and which case they wait on, so the hub can tell them OK the moment an operator takes
 * the case, instead of at their next re-send. A beacon polls for 30 min at most (SS 91100
 * HOLD): a session is forgotten 30 min after its last message.
 */
import type { Mrs } from './message';
import type { BeaconAddress } from './mrs-sender';

export const SESSION_TTL_MS = 30 * 60_000;

export interface Session {
  key: string;
  beaconId: string;
  ref: string;
  /** When the first message with this ref arrived (the alarm's time when the beacon sends none). */
  firstReceivedAt: string;
  caseId: string | null;
  /** Whether this alarm waits for an operator (a life-safety alarm): HOLD until claimed. */
  holds: boolean;
  /** What the beacon was last told: 'hold' (snu 4) or 'done' (snu 0, or an error). */
  told: 'none' | 'hold' | 'done';
  /** The last answer sent: repeated to a re-send once the beacon was told OK. */
  last: Mrs | null;
  to: BeaconAddress;
  lastSeenMs: number;
}

export class Sessions {
  private readonly byKey = new Map<string, Session>();
  private readonly byCase = new Map<string, Set<string>>();

  static key(beaconId: string, ref: string): string {
    return `${beaconId}|${ref}`;
  }

  get(beaconId: string, ref: string): Session | undefined {
    return this.byKey.get(Sessions.key(beaconId, ref));
  }

  /** The session of this (beacon, ref), created on its first message. */
  touch(beaconId: string, ref: string, to: BeaconAddress, nowMs: number): Session {
    const key = Sessions.key(beaconId, ref);
    let s = this.byKey.get(key);
    if (!s) {
      s = { key, beaconId, ref, firstReceivedAt: new Date(nowMs).toISOString(), caseId: null, holds: false, told: 'none', last: null, to, lastSeenMs: nowMs };
      this.byKey.set(key, s);
    }
    s.to = to;
    s.lastSeenMs = nowMs;
    return s;
  }

  attach(s: Session, caseId: string | null): void {
    if (s.caseId === caseId) return;
    if (s.caseId) this.byCase.get(s.caseId)?.delete(s.key);
    s.caseId = caseId;
    if (caseId) {
      const set = this.byCase.get(caseId) ?? new Set<string>();
      set.add(s.key);
      this.byCase.set(caseId, set);
    }
  }

  forCase(caseId: string): Session[] {
    return [...(this.byCase.get(caseId) ?? [])].map((k) => this.byKey.get(k)).filter((s): s is Session => s !== undefined);
  }

  drop(s: Session): void {
    this.byKey.delete(s.key);
    if (s.caseId) {
      const set = this.byCase.get(s.caseId);
      set?.delete(s.key);
      if (set && set.size === 0) this.byCase.delete(s.caseId);
    }
  }

  prune(nowMs: number): void {
    for (const s of this.byKey.values()) if (nowMs - s.lastSeenMs > SESSION_TTL_MS) this.drop(s);
  }

  get size(): number {
    return this.byKey.size;
  }
}
