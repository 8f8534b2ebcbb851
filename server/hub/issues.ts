/**
 * zod errors as the hub shows them to clients: a short list of {path, message},
 * never zod's raw JSON. Bounded, because a 500-event batch can fail in 500 places
 * and a message must stay readable (and must not echo a megabyte back).
 */
import type { z } from 'zod';

export interface Issue {
  /** Dotted path into the payload ("events.3.hash"); "" for the payload itself. */
  path: string;
  message: string;
}

const MAX_ISSUES = 10;
const MAX_TEXT = 200;

export function clip(text: string, max = MAX_TEXT): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.slice(0, MAX_ISSUES).map((i) => ({ path: clip(i.path.map(String).join('.'), 100), message: clip(i.message) }));
}

/** "kind: Invalid option…; beaconId: …", with "(whole)" naming an issue about the payload itself. */
export function describeIssues(error: z.ZodError, whole: string): string {
  const listed = zodIssues(error).map((i) => `${i.path || whole}: ${i.message}`);
  const more = error.issues.length - listed.length;
  return listed.join('; ') + (more > 0 ? ` (et ${more} autre${more > 1 ? 's' : ''})` : '');
}
