/** What the alarm is and where: kind, priority, site, beacon message, address, beacon, times, position, status. */
import type { ReactNode } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { answerTargetSeconds, type Case } from '@shared/domain/case';
import type { Operator } from '@shared/domain/operator';
import { DrillBadge } from '../../components/DrillBadge';
import { targetText } from '../../components/durations';
import { Isolated } from '../../components/Isolated';
import { PriorityChip } from '../../components/PriorityChip';
import { useNow } from '../../components/useNow';
import { formatAge, isOverdue, ownershipOf, waitOf } from '../../store/selectors';
import { BeaconText } from './BeaconText';
import { formatDateTime, formatPosition } from './format';

type Props = { c: Case; me: Operator | null; titleId: string };
type Field = { id: string; label: string; value: ReactNode; alert?: boolean };

export function CaseHeader({ c, me, titleId }: Props) {
  const { t, i18n } = useTranslation();
  const now = useNow(1000);
  const own = ownershipOf(c, me);
  const status =
    own === 'closed' ? t('case.statusClosed') : own === 'none' ? t('case.statusOpen') : own === 'mine' ? t('case.ownerMe') : t('case.ownerOther', { name: c.owner?.displayName });
  const overdue = isOverdue(c, now);
  // Live while nobody has the case; once taken, the fixed delay from receipt to claim.
  const wait = waitOf(c, now);
  const waitText = formatAge(wait.seconds, t('dayUnit'));
  const fields: Field[] = [
    { id: 'address', label: t('case.address'), value: c.address ? <Isolated>{c.address}</Isolated> : t('case.unknownAddress') },
    { id: 'beacon', label: t('case.beacon'), value: <Isolated>{c.beaconId}</Isolated> },
    { id: 'received', label: t('case.received'), value: formatDateTime(c.receivedAt, i18n.language) },
    wait.kind === 'claimDelay'
      ? { id: 'wait', label: t('case.claimDelay'), value: waitText }
      : {
          id: 'wait',
          label: t('case.age'),
          value: overdue ? `${waitText} — ${t('queue.overdue', { target: targetText(t, answerTargetSeconds(c.priority)) })}` : waitText,
          alert: overdue,
        },
    { id: 'occurred', label: t('case.occurred'), value: formatDateTime(c.occurredAt, i18n.language) },
    { id: 'position', label: t('case.position'), value: c.position ? formatPosition(c.position) : t('case.noPosition') },
    { id: 'status', label: t('case.status'), value: status },
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
        <Isolated>{c.siteName}</Isolated>
        {c.siteKind && (
          <Box component="span" sx={{ color: 'text.secondary', fontWeight: 400 }}>
            {' · '}
            {t(`siteKind.${c.siteKind}`)}
          </Box>
        )}
      </Typography>
      {c.text?.trim() ? <BeaconText text={c.text} /> : null}
      <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5 }}>
        {fields.map((f) => (
          <Box key={f.id} sx={{ display: 'contents' }}>
            <Box component="dt" sx={{ color: 'text.secondary' }}>
              {f.label}
            </Box>
            <Box component="dd" data-field={f.id} sx={{ m: 0, fontVariantNumeric: 'tabular-nums', ...(f.alert ? { color: '#ff8787', fontWeight: 700 } : {}) }}>
              {f.value}
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
