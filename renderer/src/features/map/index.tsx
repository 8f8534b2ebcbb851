/**
 * The map feature's entry points. MapLibre (~1 MB) loads only when a map is first shown:
 * the login and queue screens do not pay for it.
 */
import { Component, lazy, Suspense, type ReactNode } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import MapOutlinedIcon from '@mui/icons-material/MapOutlined';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { useConsole } from '../../api/context';
import { openWallView, useWallRoute } from './wall-route';

/**
 * A map chunk that fails to load (the console was updated under an open page, a file
 * missing) must say so, not leave « Chargement… » forever; the rest of the case stays.
 */
class MapBoundary extends Component<{ fallback: (error: Error) => ReactNode; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  override componentDidCatch(error: Error) {
    console.warn('map failed', error);
  }
  override render() {
    return this.state.error ? this.props.fallback(this.state.error) : this.props.children;
  }
}

const CaseMap = lazy(() => import('./CaseMap'));
const WallView = lazy(() => import('./WallView'));

/** The case view's map section (heading, map, facts, copy key). */
export function CaseMapPanel({ c, titleId = 'case-map-title' }: { c: Case; titleId?: string }) {
  const { t } = useTranslation();
  return (
    <Box component="section" aria-labelledby={titleId} data-testid="case-map" sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="h3" id={titleId}>
        {t('map.title')}
      </Typography>
      <MapBoundary fallback={(e) => <Alert severity="warning">{t('map.failed', { reason: e.message })}</Alert>}>
        <Suspense fallback={<Typography color="text.secondary">{t('map.loading')}</Typography>}>
          <CaseMap c={c} />
        </Suspense>
      </MapBoundary>
    </Box>
  );
}

const WALL_ROLES = new Set(['supervisor', 'admin']);

/** True (and the wall shown by the layout) when a supervisor or admin is at #mur. */
export function useWallView(): boolean {
  const role = useConsole((s) => s.operator?.role);
  return useWallRoute() && !!role && WALL_ROLES.has(role);
}

export function WallViewPanel() {
  const { t } = useTranslation();
  return (
    <MapBoundary fallback={(e) => <Alert severity="warning" sx={{ m: 3 }}>{t('map.failed', { reason: e.message })}</Alert>}>
      <Suspense fallback={<Typography sx={{ p: 3 }}>{t('map.loading')}</Typography>}>
        <WallView />
      </Suspense>
    </MapBoundary>
  );
}

/** The top bar's way to the wall view, for supervisors and admins only. */
export function WallViewLink() {
  const { t } = useTranslation();
  const role = useConsole((s) => s.operator?.role);
  if (!role || !WALL_ROLES.has(role)) return null;
  return (
    <Button variant="text" startIcon={<MapOutlinedIcon />} onClick={openWallView} sx={{ flexShrink: 0 }}>
      {t('map.wall.open')}
    </Button>
  );
}
