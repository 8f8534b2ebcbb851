/**
 * « État de la balise »: what the hub's supervision knows of the beacon when it sent the
 * case (last sign of life and heartbeat, battery, charger, mains, last position). An
 * operator calling a site wants to know at once whether the beacon still talks.
 */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { BeaconState } from '@shared/domain/beacon-state';
import { formatDateTime, formatPosition } from './format';

type Row = { id: string; label: string; value: ReactNode; alert?: boolean };

export function BeaconStatus({ beacon, titleId }: { beacon: BeaconState | null; titleId: string }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : t('beaconState.never'));
  const rows: Row[] = beacon
    ? [
        ...(beacon.silentSince ? [{ id: 'silent', label: t('beaconState.silent'), value: when(beacon.silentSince), alert: true }] : []),
        { id: 'lastSeen', label: t('beaconState.lastSeen'), value: when(beacon.lastSeenAt) },
        { id: 'heartbeat', label: t('beaconState.heartbeat'), value: when(beacon.lastHeartbeatAt) },
        {
          id: 'battery',
          label: t('beaconState.battery'),
          value: beacon.battery === null ? t('beaconState.unknown') : `${beacon.battery} %`,
          alert: beacon.battery !== null && beacon.battery <= 20,
        },
        {
          id: 'charger',
          label: t('beaconState.charger'),
          value: beacon.charger ? t(`beaconState.chargerState.${beacon.charger}`) : t('beaconState.unknown'),
          alert: beacon.charger === 'unplugged',
        },
        ...(beacon.mains ? [{ id: 'mains', label: t('beaconState.mains'), value: t(`beaconState.mainsState.${beacon.mains}`), alert: beacon.mains === 'lost' }] : []),
        {
          id: 'position',
          label: t('beaconState.position'),
          value: beacon.position ? `${formatPosition(beacon.position)} (${when(beacon.positionAt)})` : t('beaconState.unknown'),
        },
      ]
    : [];
  return (
    <Box component="section" aria-labelledby={titleId} sx={{ display: 'grid', gap: 0.5 }}>
      <Typography variant="h3" id={titleId}>
        {t('beaconState.title')}
      </Typography>
      {beacon === null ? (
        <Typography color="text.secondary">{t('beaconState.none')}</Typography>
      ) : (
        <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.25 }}>
          {rows.map((r) => (
            <Box key={r.id} sx={{ display: 'contents' }}>
              <Box component="dt" sx={{ color: 'text.secondary' }}>
                {r.label}
              </Box>
              <Box component="dd" data-beacon-field={r.id} sx={{ m: 0, fontVariantNumeric: 'tabular-nums', ...(r.alert ? { color: '#ff8787', fontWeight: 700 } : {}) }}>
                {r.value}
              </Box>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
