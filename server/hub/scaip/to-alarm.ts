/**
 * An <mrq> as the hub's one Alarm shape (shared/domain/alarm.ts): the kind from the
 * mapping tables (shared/domain/alarm-mapping/scaip.ts), the beacon's texts joined for the
 * operator, every protocol field kept in `details`, the decoded body in `raw`.
 */
import type { Alarm } from '@shared/domain/alarm';
import { scaipKind, type ScaipBeaconUse } from '@shared/domain/alarm-mapping/scaip';
import type { Mrq } from './message';

/** `2026-11-30T08:00:00+01` (SCAIP writes the offset in whole hours) → an ISO instant; null when unreadable. */
export function scaipTime(tim: string | undefined): string | null {
  if (!tim) return null;
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})([+-]\d{2})(?::?(\d{2}))?$/.exec(tim) ?? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(Z)$/.exec(tim);
  if (!m) return null;
  const offset = m[2] === 'Z' ? 'Z' : `${m[2]}:${m[3] ?? '00'}`;
  const t = Date.parse(`${m[1]}${offset}`);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** The protocol's fields an operator or a supervisor may need, as short strings. */
export function mrqDetails(mrq: Mrq): Record<string, string> {
  const d: Record<string, string> = { mty: mrq.mty, cid: mrq.cid, dty: mrq.dty };
  const put = (k: string, v: string | number | undefined) => {
    if (v !== undefined) d[k] = String(v);
  };
  put('stc', mrq.stc);
  put('dco', mrq.dco);
  put('did', mrq.did);
  put('lco', mrq.lco);
  put('lva', mrq.lva);
  put('pri', mrq.pri || undefined);
  put('cha', mrq.cha);
  put('sco', mrq.sco);
  put('ver', mrq.ver);
  put('tim', mrq.tim);
  put('gga', mrq.gga);
  put('ico', mrq.ico);
  if (mrq.crd.length) d.crd = mrq.crd.join(' ');
  return d;
}

/** The beacon's own words, most telling first: status text, where, what device, extra info. */
export function mrqText(mrq: Mrq, unknown: readonly string[] = []): string | null {
  const parts = [mrq.stt, mrq.lte, mrq.dte, mrq.ite].filter((s): s is string => !!s);
  if (unknown.length) parts.unshift(`Code SCAIP inconnu (${unknown.join(', ')})`);
  return parts.length ? parts.join(' · ') : null;
}

export interface AlarmContext {
  beaconId: string;
  use: ScaipBeaconUse | null;
  /** When a message with this ref was first received: a re-send must carry the same time or it is a conflict, not a re-send. */
  firstReceivedAt: string;
  raw: string;
}

export function mrqToAlarm(mrq: Mrq, ctx: AlarmContext): Alarm {
  const mapping = scaipKind({ dty: mrq.dty, stc: mrq.stc, dco: mrq.dco }, ctx.use);
  const details = mrqDetails(mrq);
  if (mapping.unknown.length) details.unknownCodes = mapping.unknown.join(', ');
  details.mappedBy = mapping.by;
  return {
    source: `scaip:${ctx.beaconId}`,
    protocol: 'scaip',
    beaconId: ctx.beaconId,
    reference: mrq.ref,
    kind: mapping.kind,
    occurredAt: scaipTime(mrq.tim) ?? ctx.firstReceivedAt,
    position: mrq.geo ?? null,
    drill: false,
    text: mrqText(mrq, mapping.unknown),
    details,
    raw: ctx.raw,
  };
}
