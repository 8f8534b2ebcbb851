/**
 * The case's site plan beside the map: the beacon's room highlighted on its floor, the PPMS
 * facts an operator reads out (confinement rooms, assembly points, access), and the access
 * codes for the owner of the open case. Served from the console's directory copy, so it
 * shows with the hub away.
 */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { useApi } from '../../api/context';
import { AccessCodes } from './AccessCodes';
import { SitePlanView } from './SitePlanView';
import { useSiteCard } from './useSiteCard';

export function CasePlan({ c, me }: { c: Case; me: Operator | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const state = useSiteCard(c.beaconId, c.siteId);
  const card = state.status === 'ready' ? state.card : null;
  const ppms = card?.site.ppms;
  const mine = c.status !== 'closed' && c.owner?.operatorId === me?.id;
  const place = me?.role === 'admin' ? (beaconId: string, floor: string, position: { lat: number; lon: number }) => void api.invoke('directory.edit', { op: 'beacon.place', beaconId, floor, position }).catch((err: unknown) => console.error('[veille] beacon not placed', err)) : undefined;
  const facts: Array<[string, string]> = ppms
    ? [
        ...(ppms.confinementRooms.length ? [[t('plan.facts.confinement'), ppms.confinementRooms.join(' · ')] as [string, string]] : []),
        ...(ppms.assemblyPoints.length ? [[t('plan.facts.assembly'), ppms.assemblyPoints.join(' · ')] as [string, string]] : []),
        ...(ppms.notes ? [[t('plan.facts.notes'), ppms.notes] as [string, string]] : []),
      ]
    : [];

  return (
    <Box component="section" aria-labelledby="case-plan-title" sx={{ display: 'grid', gap: 1 }}>
      <Typography variant="h3" id="case-plan-title">
        {t('plan.title')}
      </Typography>
      {state.status === 'loading' && <Typography color="text.secondary">{t('plan.loading')}</Typography>}
      {state.status === 'failed' && <Typography color="text.secondary">{t('plan.unavailable')}</Typography>}
      {state.status === 'ready' && !card && <Typography color="text.secondary">{t('plan.unknownSite')}</Typography>}
      {card && !card.plan && <Typography color="text.secondary">{t('plan.noPlan', { site: card.site.name })}</Typography>}
      {card?.plan && <SitePlanView plan={card.plan} beacons={card.beacons} focusBeaconId={c.beaconId} onPlace={place} label={t('plan.label', { site: card.site.name })} />}
      {card?.source === 'cache' && <Typography color="text.secondary">{t('plan.fromCache')}</Typography>}
      {facts.length > 0 && (
        <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.25 }}>
          {facts.map(([k, v]) => (
            <Box key={k} sx={{ display: 'contents' }}>
              <Box component="dt" sx={{ color: 'text.secondary' }}>
                {k}
              </Box>
              <Box component="dd" sx={{ m: 0 }}>
                {v}
              </Box>
            </Box>
          ))}
        </Box>
      )}
      {card && mine && <AccessCodes key={c.id} caseId={c.id} />}
    </Box>
  );
}
