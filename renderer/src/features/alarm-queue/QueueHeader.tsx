/**
 * Queue title, counts per priority (Manitou-style), the alarms the cases hold, the
 * overdue warning and the keyboard shortcuts. Lateness is one line here (how many, and
 * the case to take first, one click away), not a red badge on every row.
 */
import { useMemo } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { formatAge, overdueOf, selectCounts, selectQueue, waitOf } from '../../store/selectors';
import { PRIORITY_COLOURS } from '../../theme/theme';

export function QueueHeader({ listId, now }: { listId: string; now: number }) {
  const { t } = useTranslation();
  const { store } = useServices();
  const counts = useConsole(selectCounts);
  const queue = useConsole(selectQueue);
  const overdue = useMemo(() => overdueOf(queue, now), [queue, now]);
  const first = overdue.first;

  return (
    <Box sx={{ px: 1.5, py: 0.75, borderBottom: 1, borderColor: 'divider', display: 'grid', gap: 0.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography variant="h2" id={`${listId}-title`}>
          {t('queue.title')}
        </Typography>
        <Typography color="text.secondary" data-queue-cases={counts.total} data-queue-alarms={counts.alarms}>
          {t('queue.total', { count: counts.total })}
          {counts.alarms > counts.total ? ` · ${t('queue.alarms', { count: counts.alarms })}` : ''}
        </Typography>
        <Box sx={{ display: 'flex', gap: 0.75, ml: 'auto' }} role="group" aria-label={t('queue.countsLabel')}>
          {([1, 2, 3, 4] as const).map((p) => (
            <Chip
              key={p}
              size="small"
              aria-label={t('queue.countLabel', { count: counts[p], p })}
              label={`${t('priority.short', { p })} : ${counts[p]}`}
              sx={
                counts[p] > 0
                  ? { bgcolor: PRIORITY_COLOURS[p].bg, color: PRIORITY_COLOURS[p].fg, fontWeight: 700 }
                  : { bgcolor: 'transparent', border: 1, borderColor: 'divider', color: 'text.secondary' }
              }
            />
          ))}
        </Box>
      </Box>
      {first && (
        <Button
          size="small"
          color="error"
          variant="outlined"
          startIcon={<WarningAmberIcon />}
          onClick={() => store.getState().openCase(first.id)}
          title={t('queue.overdueOpen')}
          sx={{ justifyContent: 'flex-start', textAlign: 'left', color: '#ffc9c9', minWidth: 0, '& .MuiButton-startIcon': { flex: 'none' } }}
        >
          <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {t('queue.overdueSummary', {
              count: overdue.count,
              priority: t('priority.short', { p: first.priority }),
              site: first.siteName,
              kind: t(`kind.${first.kind}`),
              age: formatAge(waitOf(first, now).seconds, t('dayUnit')),
            })}
          </Box>
        </Button>
      )}
      <Typography variant="body2" color="text.secondary" id={`${listId}-help`}>
        {t('queue.shortcuts')}
      </Typography>
    </Box>
  );
}
