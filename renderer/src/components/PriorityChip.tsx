/** « P1 »…« P4 » with the priority colour; the text carries the meaning, the colour only reinforces it. */
import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';
import { PRIORITY_COLOURS, type PriorityLevel } from '../theme/theme';

type Props = { priority: number; size?: 'small' | 'medium' };

export function PriorityChip({ priority, size = 'small' }: Props) {
  const { t } = useTranslation();
  const c = PRIORITY_COLOURS[(Math.min(4, Math.max(1, priority)) as PriorityLevel)];
  return (
    <Chip
      size={size}
      label={t('priority.short', { p: priority })}
      title={t('priority.long', { p: priority })}
      sx={{ bgcolor: c.bg, color: c.fg, fontWeight: 700, minWidth: 40 }}
    />
  );
}
