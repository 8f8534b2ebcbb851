/**
 * The case's map: centred on the alarm, the site, the beacon with its accuracy circle and
 * the fix's age, the nearest fire and police stations with their straight-line distance;
 * below it the same facts as text, and one key (A) to copy address and access directions.
 */
import { useMemo, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { formatDistance } from '@shared/geo';
import { useServices } from '../../api/context';
import { useNow } from '../../components/useNow';
import { caseCopyText, positionText } from './copy-text';
import { readEngineSettings, resolveEngine } from './engine';
import { MapCanvas } from './MapCanvas';
import { boundsOf, caseMapModel, caseOverlay } from './overlays';
import { useStations } from './stations';
import { useCopyKey } from './useCopyKey';
import { useSiteInfo } from './useSiteInfo';

export default function CaseMap({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const theme = useTheme();
  const { prefs } = useServices();
  const now = useNow(15_000);
  const site = useSiteInfo(c.siteId);
  const stations = useStations();
  const [copied, setCopied] = useState<string | null>(null);
  const notice = useMemo(() => resolveEngine(readEngineSettings(prefs)).notice, [prefs]);

  const model = useMemo(() => caseMapModel(c, site ? { position: site.position, name: site.name } : null, stations), [c, site, stations]);
  const distance = (m: number) => formatDistance(m, i18n.language === 'fr' ? 'fr-FR' : 'en-GB');
  const overlay = useMemo(
    () =>
      caseOverlay(model, {
        beacon: t('map.beaconLabel'),
        site: site?.name ?? c.siteName,
        fire: model.fire ? t('map.fireLabel', { d: distance(model.fire.distanceM) }) : '',
        police: model.police ? t('map.policeLabel', { d: distance(model.police.distanceM) }) : '',
      }),
       // distance() follows i18n.language
    [model, site, c.siteName, t, i18n.language],
  );
  const copy = () => {
    const text = caseCopyText(t, { siteName: c.siteName, address: c.address, site, model, now: Date.now(), locale: i18n.language });
    // No clipboard outside a secure context (browser mode opened by a LAN address over http).
    const write = navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.reject(new Error(t('map.noClipboard')));
    write.then(
      () => setCopied(t('map.copied')),
      (err: unknown) => setCopied(t('map.copyFailed', { reason: (err as Error).message })),
    );
  };
  useCopyKey(copy);

  const pos = positionText(t, model, now);
  const rows: Array<{ id: string; label: string; value: string }> = [
    { id: 'beacon', label: t('map.rows.beacon'), value: pos ?? t('case.noPosition') },
    ...(model.fire ? [{ id: 'fire', label: t('map.rows.fire'), value: `${model.fire.item.name} — ${t('map.crowFlies', { d: distance(model.fire.distanceM) })}` }] : []),
    ...(model.police ? [{ id: 'police', label: t('map.rows.police'), value: `${model.police.item.name} — ${t('map.crowFlies', { d: distance(model.police.distanceM) })}` }] : []),
    ...(site?.accessDirections ? [{ id: 'access', label: t('map.rows.access'), value: site.accessDirections }] : []),
  ];
  const bounds = model.site && model.beacon ? boundsOf([model.site.position, model.beacon.position]) : null;

  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      {notice && <Alert severity="info">{t(`map.notice.${notice}`)}</Alert>}
      {model.centre ? (
        <MapCanvas
          label={t('map.caseLabel', { site: c.siteName })}
          variant={theme.palette.mode}
          centre={model.centre}
          zoom={16}
          bounds={bounds}
          overlay={overlay}
          testId="case-map-canvas"
          unavailableText={t('map.unavailable')}
        />
      ) : (
        <Typography color="text.secondary">{t('map.noPosition')}</Typography>
      )}
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.25 }}>
        {rows.map((r) => (
          <Box key={r.id} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {r.label}
            </Box>
            <Box component="dd" data-map-field={r.id} sx={{ m: 0, fontVariantNumeric: 'tabular-nums' }}>
              {r.value}
            </Box>
          </Box>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'center', flexWrap: 'wrap' }}>
        <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={copy} aria-keyshortcuts="A">
          {t('map.copy.button')}
        </Button>
        <Typography role="status" data-testid="map-copy-status" color="text.secondary">
          {copied}
        </Typography>
      </Box>
    </Box>
  );
}
