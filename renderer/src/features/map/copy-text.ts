/** What the operator pastes or reads out to 17 / 18: address, access directions, position, nearest stations. */
import type { TFunction } from 'i18next';
import { formatDistance } from '@shared/geo';
import type { CaseMapModel } from './overlays';

export interface SiteInfo {
  name: string;
  address: string;
  city: string;
  accessDirections: string;
}

/** « il y a 40 s », « il y a 3 min », « il y a 2 h » (a clock ahead of the hub's counts as now). */
export function ageText(t: TFunction, fromIso: string | null, now: number): string | null {
  if (!fromIso) return null;
  const at = Date.parse(fromIso);
  if (Number.isNaN(at)) return null;
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 90) return t('map.ago.seconds', { n: s });
  if (s < 90 * 60) return t('map.ago.minutes', { n: Math.round(s / 60) });
  return t('map.ago.hours', { n: Math.round(s / 3600) });
}

export function positionText(t: TFunction, m: CaseMapModel, now: number): string | null {
  if (!m.beacon) return null;
  const { position, accuracyM, fixAt, source } = m.beacon;
  const coords = `${position.lat.toFixed(5)}, ${position.lon.toFixed(5)}`;
  const accuracy = accuracyM ? t('map.accuracy', { m: Math.round(accuracyM) }) : t('map.accuracyUnknown');
  const age = ageText(t, fixAt, now);
  return age ? t(source === 'fix' ? 'map.fix' : 'map.fromAlarm', { coords, accuracy, age }) : `${coords} (${accuracy})`;
}

export function caseCopyText(t: TFunction, opts: { siteName: string; address: string; site: SiteInfo | null; model: CaseMapModel; now: number; locale: string }): string {
  const { site, model, now, locale } = opts;
  const lines: string[] = [site?.name ?? opts.siteName];
  const address = site ? [site.address, site.city].filter(Boolean).join(', ') : opts.address;
  lines.push(`${t('map.copy.address')} : ${address || t('case.unknownAddress')}`);
  if (site?.accessDirections) lines.push(`${t('map.copy.access')} : ${site.accessDirections}`);
  const pos = positionText(t, model, now);
  if (pos) lines.push(`${t('map.copy.position')} : ${pos}`);
  for (const kind of ['fire', 'police'] as const) {
    const s = model[kind];
    if (s) lines.push(`${t(`map.copy.${kind}`)} : ${s.item.name}, ${t('map.crowFlies', { d: formatDistance(s.distanceM, locale) })}`);
  }
  return lines.join('\n');
}
