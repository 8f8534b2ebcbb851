/**
 * Who a script step calls or notifies. A step names a contact by reference, never by
 * number: the numbers live in the centre's settings and in the site directory, so a
 * script stays valid when a head teacher changes phone.
 *
 * - Centre-wide contacts: `police-17`, `fire-18`, `samu-15`, `city-safety`.
 * - The site's contacts: `site:<key>`, matched against the directory's contact roles
 *   (the directory speaks French labels: « Direction », « Responsable du site »…).
 */
import { z } from 'zod';

export const CENTRE_CONTACTS = ['police-17', 'fire-18', 'samu-15', 'city-safety'] as const;
export type CentreContactId = (typeof CENTRE_CONTACTS)[number];

/** Emergency services a drill must never reach, by reference and by the numbers they answer. */
export const EMERGENCY_CONTACTS: readonly string[] = ['police-17', 'fire-18', 'samu-15'];
export const EMERGENCY_NUMBERS: readonly string[] = ['15', '17', '18', '112', '114', '115', '119', '191', '196', '197'];

/** Site contact keys and the directory role labels (lower case, accents kept) they match. */
export const SITE_CONTACT_ROLES: Record<string, readonly string[]> = {
  head: ['head', 'direction', 'directeur', 'directrice', 'chef d’établissement', "chef d'établissement"],
  'safety-manager': ['safety-manager', 'responsable du site', 'responsable sécurité', 'gestionnaire'],
  'city-safety-officer': ['city-safety-officer', 'référent sécurité ville', 'astreinte sécurité'],
  worker: ['worker', 'agent', 'travailleur', 'porteur'],
};
export const SITE_CONTACT_KEYS = Object.keys(SITE_CONTACT_ROLES);

export const ContactRef = z
  .string()
  .min(1)
  .max(64)
  .refine((r) => (CENTRE_CONTACTS as readonly string[]).includes(r) || (r.startsWith('site:') && SITE_CONTACT_KEYS.includes(r.slice(5))), {
    message: `expected one of ${CENTRE_CONTACTS.join(', ')} or site:<${SITE_CONTACT_KEYS.join('|')}>`,
  });
export type ContactRef = z.infer<typeof ContactRef>;

/** A contact as a step shows it: who, and the number to dial (absent when the directory lacks it). */
export const ResolvedContact = z.object({
  ref: z.string(),
  name: z.string(),
  role: z.string(),
  number: z.string().nullable(),
  email: z.string().nullable().optional(),
});
export type ResolvedContact = z.infer<typeof ResolvedContact>;

export function isEmergencyRef(ref: string): boolean {
  return EMERGENCY_CONTACTS.includes(ref);
}

/** True for a number that reaches an emergency service (17, 18, 15, 112…), whatever its spacing. */
export function isEmergencyNumber(number: string | null | undefined): boolean {
  if (!number) return false;
  const digits = number.replace(/^sip:/, '').replace(/@.*$/, '').replace(/[\s.\-()]/g, '');
  return EMERGENCY_NUMBERS.includes(digits);
}

/** The site contact key a directory role label stands for, or null. */
export function siteKeyOfRole(role: string): string | null {
  const r = role.trim().toLowerCase();
  for (const [key, labels] of Object.entries(SITE_CONTACT_ROLES)) if (labels.some((l) => r === l || r.startsWith(l))) return key;
  return null;
}
