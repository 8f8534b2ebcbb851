/** The site editor's form: text fields as typed, turned into a Site (or the reason it is not one) on save. */
import { AccessCode, Site, type Contact } from '@shared/domain/site';

export interface SiteForm {
  id: string;
  name: string;
  kind: Site['kind'];
  address: string;
  city: string;
  lat: string;
  lon: string;
  contacts: Contact[];
  confinementRooms: string;
  assemblyPoints: string;
  accessDirections: string;
  notes: string;
  /** Empty: codes unchanged (they are write-only). Else one "label : code" per line. */
  newCodes: string;
}

const lines = (s: string) =>
  s
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function formOf(site: Site | null): SiteForm {
  return {
    id: site?.id ?? '',
    name: site?.name ?? '',
    kind: site?.kind ?? 'school',
    address: site?.address ?? '',
    city: site?.city ?? '44600 Saint-Nazaire',
    lat: site ? String(site.position.lat) : '',
    lon: site ? String(site.position.lon) : '',
    contacts: site?.contacts ?? [],
    confinementRooms: (site?.ppms?.confinementRooms ?? []).join('\n'),
    assemblyPoints: (site?.ppms?.assemblyPoints ?? []).join('\n'),
    accessDirections: site?.ppms?.accessDirections ?? '',
    notes: site?.ppms?.notes ?? '',
    newCodes: '',
  };
}

export type FormResult = { ok: true; site: Site; accessCodes: AccessCode[] | undefined } | { ok: false; problem: string };

/** `base` keeps what the form does not edit (the drawn area). */
export function siteOf(form: SiteForm, base: Site | null): FormResult {
  const codes = lines(form.newCodes).map((l) => {
    const at = l.lastIndexOf(':');
    return at > 0 ? { label: l.slice(0, at).trim(), code: l.slice(at + 1).trim() } : null;
  });
  if (codes.some((c) => !c || !AccessCode.safeParse(c).success)) return { ok: false, problem: 'codes' };
  const parsed = Site.safeParse({
    ...(base ?? {}),
    id: form.id.trim(),
    name: form.name.trim(),
    kind: form.kind,
    address: form.address.trim(),
    city: form.city.trim(),
    position: { lat: Number(form.lat.replace(',', '.')), lon: Number(form.lon.replace(',', '.')) },
    contacts: form.contacts.filter((c) => c.name.trim() || c.phone.trim()),
    ppms: { confinementRooms: lines(form.confinementRooms), assemblyPoints: lines(form.assemblyPoints), accessDirections: form.accessDirections.trim(), notes: form.notes.trim() },
  });
  if (!form.lat.trim() || !form.lon.trim()) return { ok: false, problem: 'position' };
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.path.join('.') || 'site' };
  return { ok: true, site: parsed.data, accessCodes: codes.length ? (codes as AccessCode[]) : undefined };
}
