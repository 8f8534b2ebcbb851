/** Date and position text for the case view, in the UI language. */
export function formatDateTime(iso: string, lang: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'short', timeStyle: 'medium' }).format(d);
}

/** Five decimals ≈ 1 m: what the emergency services can use. */
export function formatPosition(p: { lat: number; lon: number }): string {
  return `${p.lat.toFixed(5)}, ${p.lon.toFixed(5)}`;
}
