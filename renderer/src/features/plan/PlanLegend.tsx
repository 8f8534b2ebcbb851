/** The plan's key: what each colour and letter means (and how to move a beacon, for admins). */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { PLAN_COLOURS } from './PlanMarkers';

export function PlanLegend({ movable }: { movable: boolean }) {
  const { t } = useTranslation();
  const items: Array<[string, string, string]> = [
    [PLAN_COLOURS.focus, '', t('plan.legend.beaconRoom')],
    [PLAN_COLOURS.assembly, '', t('plan.legend.confinement')],
    [PLAN_COLOURS.assembly, 'R', t('plan.legend.assembly')],
    [PLAN_COLOURS.police, 'P', t('plan.legend.police')],
    [PLAN_COLOURS.fire, 'S', t('plan.legend.fire')],
    [PLAN_COLOURS.beacon, '', t('plan.legend.beacon')],
  ];
  return (
    <Box component="ul" aria-label={t('plan.legend.title')} sx={{ display: 'flex', flexWrap: 'wrap', gap: 2, m: 0, p: 0, listStyle: 'none' }}>
      {items.map(([colour, letter, text]) => (
        <Box component="li" key={text} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
          <Box aria-hidden sx={{ width: 18, height: 18, borderRadius: letter === 'R' || !letter ? '50%' : 0.5, bgcolor: colour, color: '#fff', fontSize: 12, fontWeight: 700, display: 'grid', placeItems: 'center' }}>
            {letter}
          </Box>
          <Typography variant="body2">{text}</Typography>
        </Box>
      ))}
      {movable && (
        <Typography component="li" variant="body2" color="text.secondary">
          {t('plan.legend.move')}
        </Typography>
      )}
    </Box>
  );
}
