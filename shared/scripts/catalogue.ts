/**
 * The scripts of a centre as a whole: every kind of the alarm catalogue must have a
 * script for any time and any site, and every life-safety kind a drill script; the
 * centre must give a number for each centre-wide contact; a per-site script may only
 * name contacts that site has.
 */
import { z } from 'zod';
import { ALARM_KINDS, categoryOf } from '../domain/alarm-kinds';
import type { Site } from '../domain/site';
import { CENTRE_CONTACTS, siteKeyOfRole } from './contacts';
import type { Script } from './schema';

export const CentreContacts = z.record(
  z.string(),
  z.object({ name: z.string().min(1).max(120), number: z.string().min(1).max(40), email: z.string().max(120).optional() }).strict(),
);
export type CentreContacts = z.infer<typeof CentreContacts>;

export const Holidays = z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?$/, 'expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD'));

export interface CatalogueProblem {
  /** The script's id, or null for the catalogue as a whole. */
  scriptId: string | null;
  step?: number;
  message: string;
}

export function checkCatalogue(scripts: readonly Script[], centre: CentreContacts, sites: readonly Site[] | null): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  const ids = new Map<string, number>();
  for (const s of scripts) ids.set(s.id, (ids.get(s.id) ?? 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push({ scriptId: id, message: `script id "${id}" used by ${n} files` });
  for (const kind of ALARM_KINDS) {
    if (!scripts.some((s) => !s.drill && !s.sites && !s.when && s.kinds.includes(kind))) {
      problems.push({ scriptId: null, message: `no default script (any site, any time) for ${kind}` });
    }
    if (categoryOf(kind) === 'life-safety' && !scripts.some((s) => s.drill && !s.sites && !s.when && s.kinds.includes(kind))) {
      problems.push({ scriptId: null, message: `no drill script for ${kind}` });
    }
  }
  for (const c of CENTRE_CONTACTS) if (!centre[c]) problems.push({ scriptId: null, message: `centre contact ${c} has no number (resources/scripts/centre/contacts.yaml)` });
  if (sites) {
    const byId = new Map(sites.map((s) => [s.id, s]));
    for (const script of scripts) {
      for (const siteId of script.sites ?? []) {
        const site = byId.get(siteId);
        if (!site) {
          problems.push({ scriptId: script.id, message: `unknown site ${siteId}` });
          continue;
        }
        const keys = new Set(site.contacts.map((c) => siteKeyOfRole(c.role)).filter((k) => k !== null));
        script.steps.forEach((step, i) => {
          if ((step.kind === 'call' || step.kind === 'notify') && step.contact.startsWith('site:') && !keys.has(step.contact.slice(5))) {
            problems.push({ scriptId: script.id, step: i, message: `missing contact: site ${siteId} has no ${step.contact.slice(5)} contact` });
          }
        });
      }
    }
  }
  return problems;
}
