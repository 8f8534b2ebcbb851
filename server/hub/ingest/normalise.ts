/**
 * What the hub will not take from a beacon as it stands: an identifier that could
 * hide characters, free text that could reorder a name on screen, a clock that is
 * obviously wrong. Nothing here ever drops an alarm; the raw body keeps what was sent.
 */
import { z } from 'zod';
import { AlarmIngest } from '@shared/hub-protocol/ingest';

/** ASCII letters, digits and . _ : - : readable on any screen, no look-alikes, no invisible characters. */
export const BEACON_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The shared schema, with the hub's stricter beaconId (trimmed, then the charset above). */
export const IngestBody = AlarmIngest.extend({
  beaconId: z
    .string()
    .trim()
    .regex(BEACON_ID, 'identifiant de balise : 1 à 64 caractères parmi lettres, chiffres et . _ : - (sans espace ni caractère de contrôle)'),
});

/** C0 and C1 controls and DEL (tab/CR/LF are turned into spaces first), plus bidi embeddings, overrides, isolates and marks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const BREAKS = /[\t\n\r\u2028\u2029]+/g;

/** The beacon's free text as consoles may show it; null when nothing printable is left. */
export function sanitiseText(text: string | undefined): string | null {
  if (text === undefined) return null;
  const clean = text.replace(BREAKS, ' ').replace(UNSAFE, '').trim();
  return clean === '' ? null : clean;
}

export const EARLIEST_OCCURRED_AT = '2000-01-01T00:00:00.000Z';
/** Beyond this ahead of the hub's clock, the beacon's clock is wrong, not early. */
export const MAX_CLOCK_AHEAD_MS = 24 * 3600 * 1000;

/**
 * The case's occurredAt, in UTC. A beacon clock far off (more than 24 h ahead,
 * or before 2000) would put the alarm at the wrong place in time: the receipt
 * time is used instead and the caller logs it.
 */
export function trustedOccurredAt(sent: string, receivedAt: string): { occurredAt: string; clockOff: boolean } {
  const t = Date.parse(sent);
  const received = Date.parse(receivedAt);
  if (!Number.isFinite(t) || t < Date.parse(EARLIEST_OCCURRED_AT) || t > received + MAX_CLOCK_AHEAD_MS) {
    return { occurredAt: receivedAt, clockOff: true };
  }
  return { occurredAt: new Date(t).toISOString(), clockOff: false };
}

/** The stored alarm's content, as compared with a resend. */
export interface AlarmContent {
  kind: string;
  drill: boolean;
  occurredAt: string;
  position: { lat: number; lon: number } | null;
  text: string | null;
}

/**
 * Fields in which a resend differs from the stored alarm. Times compare as
 * instants (a resend may write the same time another way); text compares
 * after sanitising, as stored.
 */
export function differingFields(stored: AlarmContent, sent: AlarmContent): string[] {
  const out: string[] = [];
  if (stored.kind !== sent.kind) out.push('kind');
  if (stored.drill !== sent.drill) out.push('drill');
  if (Date.parse(stored.occurredAt) !== Date.parse(sent.occurredAt)) out.push('occurredAt');
  const [a, b] = [stored.position, sent.position];
  if ((a === null) !== (b === null) || (a && b && (a.lat !== b.lat || a.lon !== b.lon))) out.push('position');
  if (stored.text !== sent.text) out.push('text');
  return out;
}
