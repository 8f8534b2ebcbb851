/**
 * The supervisor's wall view: every open case of the centre on one map, coloured by
 * priority, labelled with the site and kind; the count by priority above it. Meant for a
 * wall screen (#mur): it follows the queue live.
 */
import { useMemo, useRef } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { useConsole } from '../../api/context';
import { selectCounts, selectQueue } from '../../store/selectors';
import { HubDownBanner } from '../hub-watch/HubDownBanner';
import { MapCanvas } from './MapCanvas';
import { MapSettingsButton } from './MapSettingsDialog';
import { boundsOf, wallOverlay } from './overlays';
import { closeWallView } from './wall-route';

/** Saint-Nazaire's centre, when no case has a position yet. */
const TOWN = { lat: 47.2735, lon: -2.2139 };
const TOWN_EXTENT = [
  { lat: 47.255, lon: -2.255 },
  { lat: 47.295, lon: -2.19 },
];

const label = (c: Case) => `P${c.priority} ${c.siteName}`;
const positionKey = (c: Case) => {
  const p = c.beacon?.position ?? c.position;
  return p ? `${p.lat},${p.lon}` : '-';
};

export default function WallView() {
  const { t } = useTranslation();
  const theme = useTheme();
  const queue = useConsole(selectQueue);
  const counts = useConsole(selectCounts);
  // The queue array changes with every store update (a claim elsewhere, an age tick); the map
  // is given new data only when what it draws changes: each setData costs a re-render, and a
  // software-rendered wall fed faster than it draws would never settle.
  const drawn = queue.map((c) => `${c.id}:${c.status}:${c.priority}:${c.siteName}:${positionKey(c)}`).join('|');
  const latestQueue = useRef(queue);
  latestQueue.current = queue;
  const overlay = useMemo(() => wallOverlay(latestQueue.current, label), [drawn]);
  // The first view fits the cases open when the wall opened; later ones appear without moving the map.
  // At least the town centre, from the Jardin des Plantes to Méan-Penhoët: a wall shows the city, never one street.
  const bounds = useMemo(
    () => boundsOf([...TOWN_EXTENT, ...queue.flatMap((c) => (c.beacon?.position ?? c.position ? [c.beacon?.position ?? c.position!] : []))]),
    [], // first view only
  );
  return (
    <Box sx={{ height: '100vh', display: 'flex', flexDirection: 'column' }}>
      <HubDownBanner />
      <Box component="header" sx={{ display: 'flex', alignItems: 'center', gap: 2, px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
        <Typography variant="h1">{t('map.wall.title')}</Typography>
        <Typography aria-live="polite" data-testid="wall-counts">
          {t('map.wall.counts', { total: counts.total, p1: counts[1], p2: counts[2], p3: counts[3], p4: counts[4], unclaimed: counts.unclaimed })}
        </Typography>
        <Box sx={{ flex: 1 }} />
        <MapSettingsButton />
        <Button variant="outlined" onClick={closeWallView}>
          {t('map.wall.back')}
        </Button>
      </Box>
      <Box component="main" sx={{ flex: 1, minHeight: 0 }}>
        <MapCanvas
          label={t('map.wall.label', { count: counts.total })}
          variant={theme.palette.mode}
          centre={TOWN}
          zoom={12.5}
          bounds={bounds}
          overlay={overlay}
          testId="wall-map"
          height="100%"
          unavailableText={t('map.unavailable')}
        />
      </Box>
    </Box>
  );
}
