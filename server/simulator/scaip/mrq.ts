/** The <mrq> a simulated beacon sends (SS 91100 element order); the hub's codec parses it (hub/scaip/message.ts). */
import { XMLBuilder } from 'fast-xml-parser';
import type { AlarmKind } from '@shared/domain/alarm-kinds';
import type { Position } from '@shared/domain/site';
import { scaipCodesOf } from './codes';

export interface MrqInput {
  ref: string;
  mty?: 'ME' | 'RE' | 'IN' | 'PI';
  /** Controller id: digits only. */
  cid: string;
  kind?: AlarmKind;
  /** The beacon's own id, as the trigger's device id. */
  did?: string;
  /** Status text (≤ 32 UTF-8 characters), e.g. « Chargeur débranché ». */
  text?: string;
  position?: Position;
  /** Heartbeats: accepts an <hbi> in the answer. */
  acceptsHeartbeatInterval?: boolean;
  /** Voice media offered (crd); default none (the From URI over SIP). */
  crd?: string[];
}

const builder = new XMLBuilder({ processEntities: true });

/** Position as the beacon's `lge/geo`, with its time in whole-hour offset form (UTC here: +00). */
function lge(p: Position): { geo: string; tim: string } {
  return { geo: `${p.lat.toFixed(6)},${p.lon.toFixed(6)}`, tim: `${new Date().toISOString().slice(0, 19)}+00` };
}

export function buildMrq(m: MrqInput): string {
  const codes = m.kind ? scaipCodesOf(m.kind) : { dty: '0002' };
  if (!codes) throw new Error(`no SCAIP code says ${m.kind}`);
  const body: Record<string, unknown> = { ref: m.ref, ver: '01.00' };
  if (m.mty && m.mty !== 'ME') body.mty = m.mty;
  if (m.acceptsHeartbeatInterval) body.hbo = '001';
  body.cid = m.cid;
  body.dty = codes.dty;
  // did is at most 16 printable characters: a longer beacon id is left to the From URI.
  if (m.did && /^[\x21-\x7e]{1,16}$/.test(m.did)) body.did = m.did;
  if (codes.dco) body.dco = codes.dco;
  if (m.crd?.length) body.crd = m.crd;
  if (codes.stc) body.stc = codes.stc;
  if (m.text) body.stt = [...m.text].slice(0, 32).join('');
  if (m.position) {
    body.lco = '034';
    body.lge = lge(m.position);
  }
  return builder.build({ mrq: body }) as string;
}

/** A stable controller id (digits) for a beacon id: the same beacon always sends the same cid. */
export function controllerIdOf(beaconId: string): string {
  let h = 0x811c9dc5;
  for (const ch of beaconId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return String(h).padStart(10, '0');
}
