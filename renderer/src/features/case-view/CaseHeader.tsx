/** What the alarm is and where: kind, priority, site, address, beacon, times, position, status. */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { DrillBadge } from '../../components/DrillBadge';
import { PriorityChip } from '../../components/PriorityChip';
import { useNow } from '../../components/useNow';
import { ageSeconds, formatAge, isOverdue, ownershipOf } from '../../store/selectors';
import { formatDateTime, formatPosition } from './format';

type Props = { c: Case; me: Operator | null; titleId: string };

export function CaseHeader({ c, me, titleId }: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const own = ownershipOf(c, me);
  const status =
    own === 'closed' ? t('case.statusClosed') : own === 'none' ? t('case.statusOpen') : own === 'mine' ? t('case.ownerMe') : t('case.ownerOther', { name: c.owner?.displayName });
  const overdue = isOverdue(c, now);
  // Waiting time runs until someone took the case (or it was closed untaken).
  const waitedUntil = c.status === 'open' ? now : Date.parse(c.claimedAt ?? c.closedAt ?? '') || now;
  const fields: Array<[string, string]> = [
    [t('case.address'), c.address],
    [t('case.beacon'), c.beaconId],
    [t('case.received'), `${formatDateTime(c.receivedAt, i18n.language)}`],
    [t('case.age'), formatAge(ageSeconds(c, waitedUntil), t('dayUnit'))],
    [t('case.occurred'), formatDateTime(c.occurredAt, i18n.language)],
    [t('case.position'), c.position ? formatPosition(c.position) : t('case.noPosition')],
    [t('case.status'), status],
  ];
  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <PriorityChip priority={c.priority} size="medium" />
        {c.drill && <DrillBadge size="medium" />}
        <Typography variant="h2" id={titleId} sx={{ fontSize: '1.4rem' }}>
          {t(`kind.${c.kind}`)}
        </Typography>
      </Box>
      <Typography variant="h3" component="p" sx={{ fontSize: '1.2rem' }}>
        {c.siteName}
        {c.siteKind && (
          <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
            {' · '}
            {t(`siteKind.${c.siteKind}`)}
          </Box>
        )}
      </Typography>
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5 }}>
        {fields.map(([k, v]) => (
          <Box key={k} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {k}
            </Box>
            <Box
              component="dd"
              sx={{ m: 0, fontVariantNumeric: 'tabular-nums', ...(k === t('case.age') && overdue ? { color: '#ff8787', fontWeight: 700 } : {}) }}
            >
              {v}
              {k === t('case.age') && overdue ? ` — ${t('queue.overdue')}` : ''}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
