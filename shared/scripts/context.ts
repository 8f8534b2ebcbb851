/**
 * What a script runs against: the case and, for the time-of-day variants, the local
 * time where the centre is. Everything the engine reads comes through here (never a
 * clock, never the network), so replaying the same inputs gives the same result.
 */
import { z } from 'zod';
import { AlarmKind } from '../domain/alarm-kinds';
import { ResolvedContact } from './contacts';

export const ScriptContext = z.object({
  caseId: z.string(),
  kind: AlarmKind,
  drill: z.boolean(),
  siteId: z.string().nullable(),
  siteName: z.string(),
  address: z.string(),
  beaconId: z.string(),
  text: z.string().nullable(),
  /** The contacts the script names, resolved to numbers by the console (centre settings, site directory). */
  contacts: z.record(z.string(), ResolvedContact).default({}),
});
export type ScriptContext = z.infer<typeof ScriptContext>;

/** Fills {site}, {address}, {beacon}, {text}, {kind} in a step's text. Unknown names stay as they are. */
export function renderText(text: string, ctx: Pick<ScriptContext, 'siteName' | 'address' | 'beaconId' | 'text' | 'kind'>): string {
  const values: Record<string, string> = {
    site: ctx.siteName,
    address: ctx.address,
    beacon: ctx.beaconId,
    text: ctx.text ?? '',
    kind: ctx.kind,
  };
  return text.replace(/\{([a-z]+)\}/g, (whole, name: string) => values[name] ?? whole);
}
