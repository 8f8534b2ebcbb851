/** Shown when the page has lost its host: the queue on screen may be stale and must say so. */
import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';

export function LinkBanner() {
  const { t } = useTranslation();
  const link = useConsole((s) => s.link);
  const everConnected = useConsole((s) => s.hub !== null);
  const problem = useConsole((s) => s.linkProblem);
  if (problem === 'missing-token')
    return (
      <Alert severity="error" variant="filled" role="alert" sx={{ borderRadius: 0 }}>
        {t('link.noToken')}
      </Alert>
    );
  if (link === 'open') return null;
  if (link === 'connecting' && !everConnected)
    return (
      <Alert severity="info" role="status" sx={{ borderRadius: 0 }}>
        {t('link.connecting')}
      </Alert>
    );
  return (
    <Alert severity="error" variant="filled" role="alert" sx={{ borderRadius: 0 }}>
      {t('link.closed')}
    </Alert>
  );
}
