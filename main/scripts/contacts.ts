/**
 * Resolves the contacts a script names to a name and a number: centre-wide contacts
 * from the centre's settings (resources/scripts/centre/contacts.yaml), the site's from
 * the site directory (main/directory, followed from the hub and cached offline).
 */
import type { Contact } from '@shared/domain/site';
import type { CentreContacts } from '@shared/scripts/catalogue';
import { siteKeyOfRole, type ResolvedContact } from '@shared/scripts/contacts';
import type { Script } from '@shared/scripts/schema';

/** Where the site's contacts come from: the directory cache, or a fixed list (tests). */
export interface SiteContactSource {
  siteContacts(siteId: string): Contact[] | null;
}

export interface ContactResolver {
  resolve(ref: string, siteId: string | null): ResolvedContact;
}

export function createContactResolver(centre: CentreContacts, sites: SiteContactSource): ContactResolver {
  return {
    resolve(ref, siteId) {
      if (!ref.startsWith('site:')) {
        const c = centre[ref];
        return { ref, name: c?.name ?? ref, role: ref, number: c?.number ?? null, email: c?.email ?? null };
      }
      const key = ref.slice(5);
      const found = siteId ? (sites.siteContacts(siteId) ?? []).find((c) => siteKeyOfRole(c.role) === key) : undefined;
      return found ? { ref, name: found.name, role: found.role, number: found.phone || null, email: null } : { ref, name: key, role: key, number: null, email: null };
    },
  };
}

/** Every contact the script names, resolved for this site. */
export function contactsOf(script: Script, siteId: string | null, resolver: ContactResolver): Record<string, ResolvedContact> {
  const out: Record<string, ResolvedContact> = {};
  for (const step of script.steps) if (step.kind === 'call' || step.kind === 'notify') out[step.contact] ??= resolver.resolve(step.contact, siteId);
  return out;
}
