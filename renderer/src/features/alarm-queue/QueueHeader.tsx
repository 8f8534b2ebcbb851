/** Queue title, counts per priority (Manitou-style), and the keyboard shortcuts. */
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';
import { selectCounts } from '../../store/selectors';
import { PRIORITY_COLOURS } from '../../theme/theme';

export function QueueHeader({ listId }: { listId: string }) {
  const { t } = useTranslation();
  const counts = useConsole(selectCounts);
  return (
    <Box sx={{ px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider', display: 'grid', gap: 0.75 }}>
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1 }}>
        <Typography variant="h2" id={`${listId}-title`}>
          {t('queue.title')}
        </Typography>
        <Typography color="text.secondary">{t('queue.total', { count: counts.total })}</Typography>
      </Box>
      <Box sx={{ display: 'flex', gap: 1 }} role="group" aria-label={t('queue.title')}>
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
      <Typography variant="body2" color="text.secondary" id={`${listId}-help`}>
        {t('queue.shortcuts')}
      </Typography>
    </Box>
  );
}
