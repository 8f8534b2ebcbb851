/**
 * « Afflux d'alarmes »: when a site sends more than 10 alarms within 10 minutes (a PPMS
 * alert, a fire panel gone mad), one line says which sites and how many alarms each,
 * so the operator reads one incident rather than a wall of rows. Not a live region:
 * counts that change many times a second must not talk over the operator's screen reader.
 */
import { useMemo } from 'react';
import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';
import { useNow } from '../../components/useNow';
import { Isolated } from '../../components/Isolated';
import { floodsOf, selectQueue } from '../../store/selectors';

/** Sites named in full; the others are counted. */
const SHOWN = 3;

export function FloodBanner() {
  const { t } = useTranslation();
  const queue = useConsole(selectQueue);
  const now = useNow(5000);
  const floods = useMemo(() => floodsOf(queue, now), [queue, now]);
  if (floods.length === 0) return null;
  const rest = floods.slice(SHOWN);
  const restAlarms = rest.reduce((n, f) => n + f.alarms, 0);
  return (
    <Box
      component="section"
      aria-label={t('flood.title')}
      data-flood-sites={floods.length}
      sx={{ px: 2, py: 0.5, display: 'flex', gap: 1.5, alignItems: 'baseline', bgcolor: '#5c1a1a', color: '#fff5f5', borderBottom: '1px solid #ff8787', overflow: 'hidden', whiteSpace: 'nowrap' }}
    >
      <strong>{t('flood.title')}</strong>
      <Box component="ul" sx={{ display: 'flex', gap: 1.5, m: 0, p: 0, listStyle: 'none', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {floods.slice(0, SHOWN).map((f) => (
          <li key={f.site} title={t('flood.siteTitle', { site: f.site, count: f.alarms, cases: f.cases })}>
            <Isolated>{f.site}</Isolated> : {t('flood.alarms', { count: f.alarms })}
          </li>
        ))}
        {rest.length > 0 && <li>{t('flood.more', { count: rest.length, alarms: restAlarms })}</li>}
      </Box>
    </Box>
  );
}
