/** « EXERCICE »: a drill must never be mistaken for a real alarm, nor the reverse. */
import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

export function DrillBadge({ size = 'small' }: { size?: 'small' | 'medium' }) {
  const { t } = useTranslation();
  return <Chip size={size} variant="outlined" label={t('queue.drill')} sx={{ borderColor: '#b197fc', color: '#d0bfff', fontWeight: 700, letterSpacing: 1 }} />;
}
