/**
 * SCAIP messages (SS 91100, CLC/TS 50134-9): the alarm sender's <mrq> and the centre's
 * <mrs>, as bodies of SIP MESSAGE. Parsing is lenient where the field is (namespaces
 * ignored, codes in short forms normalised, over-long texts clipped: an alarm is never
 * refused for its wording) and strict where a wrong guess would be dangerous (missing
 * reference or mandatory tags, values out of range): those get the SCAIP error code the
 * sender expects, never a silent default.
 */
import { inflateRawSync, inflateSync, gunzipSync } from 'node:zlib';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { sanitiseText } from '../ingest/normalise';

/** `snu` values of an <mrs> (SS 91100 §mrs). */
export const SNU = {
  ok: 0,
  tooLong: 1,
  invalidFormat: 2,
  wrongData: 3,
  hold: 4,
  notTreated: 5,
  busy: 6,
  mandatoryMissing: 7,
  referenceMissing: 10,
  undefinedError: 99,
} as const;
export type Snu = (typeof SNU)[keyof typeof SNU];

/** A body larger than this (after inflating) is refused with snu 1: no beacon sends one. */
export const MAX_SCAIP_BODY_BYTES = 16 * 1024;

export type MessageType = 'ME' | 'RE' | 'IN' | 'PI';

export interface Mrq {
  ref: string;
  ver?: string;
  mty: MessageType;
  /** Accepts an <hbi> heartbeat interval in the answer (hbo=001). */
  acceptsHeartbeatInterval: boolean;
  cha?: number;
  sco?: number;
  cid: string;
  /** Annex A, 4 digits (`27` → `0027`). */
  dty: string;
  did?: string;
  /** Annex B, 3 digits. */
  dco?: string;
  dte?: string;
  /** Voice media offered, in order (`gsm:+33…`, `sip:…`); empty: the From URI over SIP. */
  crd: string[];
  /** Annex C, 4 digits; absent means an alarm. */
  stc?: string;
  stt?: string;
  /** 0 (lowest, default) to 9. */
  pri: number;
  /** Annex D, 3 digits. */
  lco?: string;
  lva?: string;
  geo?: { lat: number; lon: number };
  tim?: string;
  gga?: string;
  lte?: string;
  ico?: string;
  ite?: string;
}

export type MrqResult = { ok: true; mrq: Mrq } | { ok: false; snu: Snu; ref: string | null; reason: string };

export interface Mrs {
  ref: string;
  snu: Snu;
  ste?: string;
  cve?: string;
  /** 0 no voice, 1 duplex, 2 simplex with the beacon's speaker muted (discreet listening), 3 microphone muted. */
  mre?: 0 | 1 | 2 | 3;
  cre?: string;
  tnu?: string;
  /** Heartbeat interval, minutes (1–1440), only to a sender that accepts it. */
  hbi?: number;
}

class Refusal extends Error {
  constructor(
    readonly snu: Snu,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The body as text: inflated when the sender compressed it (Content-Encoding deflate or gzip,
 * TR 91102 §7.6), bounded so a small compressed body cannot expand without limit, decoded as
 * strict UTF-8 (a Latin-1 body would otherwise turn « Kök » into garbage silently).
 */
export function decodeScaipBody(body: Uint8Array, contentEncoding?: string): { ok: true; text: string } | { ok: false; snu: Snu; reason: string } {
  let bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const encoding = (contentEncoding ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    const opts = { maxOutputLength: MAX_SCAIP_BODY_BYTES };
    try {
      if (encoding === 'gzip' || encoding === 'x-gzip') bytes = gunzipSync(bytes, opts);
      else if (encoding === 'deflate') {
        // "deflate" is zlib-wrapped by the letter of HTTP, raw in some senders: accept both.
        try {
          bytes = inflateSync(bytes, opts);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw err;
          bytes = inflateRawSync(bytes, opts);
        }
      } else return { ok: false, snu: SNU.invalidFormat, reason: `unknown Content-Encoding "${encoding.slice(0, 32)}"` };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return { ok: false, snu: SNU.tooLong, reason: `inflated body over ${MAX_SCAIP_BODY_BYTES} bytes` };
      }
      return { ok: false, snu: SNU.invalidFormat, reason: `body does not inflate (${encoding})` };
    }
  }
  if (bytes.byteLength > MAX_SCAIP_BODY_BYTES) return { ok: false, snu: SNU.tooLong, reason: `body of ${bytes.byteLength} bytes, over ${MAX_SCAIP_BODY_BYTES}` };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, snu: SNU.invalidFormat, reason: 'body is not UTF-8' };
  }
}

const parser = new XMLParser({
  // Every example is sent without a namespace, the XSD declares one: ignore prefixes.
  removeNSPrefix: true,
  // Codes such as 0010 must stay text: 10 and 0010 are normalised below, not by the parser.
  parseTagValue: false,
  ignoreAttributes: true,
  processEntities: true,
  isArray: (name) => name === 'crd',
  trimValues: true,
});

function text(v: unknown, max: number): string | undefined {
  if (v === undefined || v === null || typeof v === 'object') return undefined;
  // Control and bidi characters have no place in an alarm's text: cleaned as HTTP ingest does.
  const s = sanitiseText(String(v));
  if (s === null) return undefined;
  // Clipped, never refused: the wording of an alarm must not cost the alarm.
  return [...s].slice(0, max).join('');
}

function code(tag: string, v: unknown, width: number): string | undefined {
  const s = text(v, 16);
  if (s === undefined) return undefined;
  if (!/^\d{1,4}$/.test(s) || s.length > Math.max(width, 4)) throw new Refusal(SNU.wrongData, `<${tag}> "${s}" is not a code of up to ${width} digits`);
  const n = Number(s);
  if (n >= 10 ** width) throw new Refusal(SNU.wrongData, `<${tag}> ${s} is out of range`);
  return String(n).padStart(width, '0');
}

function smallInt(tag: string, v: unknown, max: number): number | undefined {
  const s = text(v, 8);
  if (s === undefined) return undefined;
  if (!/^\d{1,3}$/.test(s) || Number(s) > max) throw new Refusal(SNU.wrongData, `<${tag}> "${s}" is not a number from 0 to ${max}`);
  return Number(s);
}

function geo(v: unknown): Mrq['geo'] {
  const s = text(v, 64);
  if (s === undefined) return undefined;
  const m = /^(-?\d{1,2}(?:\.\d+)?),\s*(-?\d{1,3}(?:\.\d+)?)$/.exec(s);
  const lat = m ? Number(m[1]) : NaN;
  const lon = m ? Number(m[2]) : NaN;
  if (!(Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) throw new Refusal(SNU.wrongData, `<geo> "${s}" is not "lat,lon" in degrees`);
  return { lat, lon };
}

/** Parses the text of an <mrq>; a refusal carries the snu to answer and, when readable, the ref. */
export function parseMrq(xml: string): MrqResult {
  let ref: string | null = null;
  try {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Refusal(SNU.invalidFormat, 'DOCTYPE or ENTITY declarations are not accepted');
    let doc: Record<string, unknown>;
    try {
      doc = parser.parse(xml, true) as Record<string, unknown>;
    } catch (err) {
      throw new Refusal(SNU.invalidFormat, `not well-formed XML: ${(err as Error).message.slice(0, 120)}`);
    }
    const root = doc.mrq;
    if (root === undefined || root === null || typeof root !== 'object' || Array.isArray(root)) throw new Refusal(SNU.invalidFormat, 'no <mrq> element');
    const m = root as Record<string, unknown>;
    const one = (tag: string): unknown => (Array.isArray(m[tag]) ? (m[tag] as unknown[])[0] : m[tag]);

    const rawRef = text(one('ref'), 64);
    if (rawRef === undefined) throw new Refusal(SNU.referenceMissing, 'no <ref>');
    if (!/^[0-9a-zA-Z]{1,16}$/.test(rawRef)) throw new Refusal(SNU.wrongData, `<ref> "${rawRef.slice(0, 20)}" is not 1 to 16 letters or digits`);
    ref = rawRef;

    const cid = text(one('cid'), 64);
    if (cid === undefined) throw new Refusal(SNU.mandatoryMissing, 'no <cid> (controller id)');
    if (!/^\d{1,32}$/.test(cid)) throw new Refusal(SNU.wrongData, `<cid> "${cid.slice(0, 40)}" is not 1 to 32 digits`);
    const dty = code('dty', one('dty'), 4);
    if (dty === undefined) throw new Refusal(SNU.mandatoryMissing, 'no <dty> (device type)');

    const mty = (text(one('mty'), 4) ?? 'ME').toUpperCase();
    if (mty !== 'ME' && mty !== 'RE' && mty !== 'IN' && mty !== 'PI') throw new Refusal(SNU.wrongData, `<mty> "${mty}" is not ME, RE, IN or PI`);
    const crd = (Array.isArray(m.crd) ? m.crd : []).map((c) => text(c, 128)).filter((c): c is string => c !== undefined);

    const mrq: Mrq = {
      ref,
      mty,
      acceptsHeartbeatInterval: Number(text(one('hbo'), 8) ?? '0') === 1,
      cid,
      dty,
      crd,
      pri: smallInt('pri', one('pri'), 9) ?? 0,
    };
    const optional: [keyof Mrq, unknown][] = [
      ['ver', text(one('ver'), 8)],
      ['sco', smallInt('sco', one('sco'), 3)],
      ['cha', smallInt('cha', one('cha'), 1)],
      ['did', text(one('did'), 16)],
      ['dco', code('dco', one('dco'), 3)],
      ['dte', text(one('dte'), 32)],
      ['stc', code('stc', one('stc'), 4)],
      ['stt', text(one('stt'), 32)],
      ['lco', code('lco', one('lco'), 3)],
      ['lva', text(one('lva'), 2)],
      ['lte', text(one('lte'), 32)],
      ['ico', text(one('ico'), 3)],
      ['ite', text(one('ite'), 128)],
    ];
    const lge = one('lge');
    if (lge && typeof lge === 'object') {
      const l = lge as Record<string, unknown>;
      optional.push(['geo', geo(l.geo)], ['tim', text(l.tim, 32)], ['gga', text(l.gga, 81)]);
    }
    for (const [k, v] of optional) if (v !== undefined) (mrq as unknown as Record<string, unknown>)[k] = v;
    return { ok: true, mrq };
  } catch (err) {
    // Even a body that is not XML may show its reference: the error answer can then be paired.
    ref ??= /<(?:\w+:)?ref>\s*([0-9a-zA-Z]{1,16})\s*</.exec(xml)?.[1] ?? null;
    if (err instanceof Refusal) return { ok: false, snu: err.snu, ref, reason: err.message };
    return { ok: false, snu: SNU.undefinedError, ref, reason: `unexpected: ${(err as Error).message.slice(0, 120)}` };
  }
}

const builder = new XMLBuilder({ suppressEmptyNode: false, processEntities: true });

/** The <mrs> body; elements in the standard's order, values escaped. */
export function buildMrs(mrs: Mrs): string {
  const body: Record<string, string | number> = { ref: mrs.ref, snu: mrs.snu };
  if (mrs.ste !== undefined) body.ste = (sanitiseText(mrs.ste) ?? '').slice(0, 128);
  if (mrs.cve !== undefined) body.cve = mrs.cve;
  if (mrs.mre !== undefined) body.mre = mrs.mre;
  if (mrs.cre !== undefined) body.cre = mrs.cre;
  if (mrs.tnu !== undefined) body.tnu = mrs.tnu;
  if (mrs.hbi !== undefined) body.hbi = Math.min(1440, Math.max(1, Math.round(mrs.hbi)));
  return builder.build({ mrs: body }) as string;
}

/** Reads an <mrs> (the simulator's side, and tests): null when it is not one. */
export function parseMrs(xml: string): Mrs | null {
  try {
    if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
    const doc = parser.parse(xml, true) as Record<string, unknown>;
    const r = doc.mrs as Record<string, unknown> | undefined;
    if (!r || typeof r !== 'object') return null;
    const ref = text(r.ref, 16);
    const snu = Number(text(r.snu, 4));
    if (ref === undefined || !Number.isInteger(snu)) return null;
    const out: Mrs = { ref, snu: snu as Snu };
    const ste = text(r.ste, 128);
    if (ste !== undefined) out.ste = ste;
    const mre = text(r.mre, 2);
    if (mre !== undefined && /^[0-3]$/.test(mre)) out.mre = Number(mre) as Mrs['mre'];
    const hbi = text(r.hbi, 4);
    if (hbi !== undefined && /^\d+$/.test(hbi)) out.hbi = Number(hbi);
    for (const k of ['cve', 'cre', 'tnu'] as const) {
      const v = text(r[k], 128);
      if (v !== undefined) out[k] = v;
    }
    return out;
  } catch {
    return null;
  }
}
