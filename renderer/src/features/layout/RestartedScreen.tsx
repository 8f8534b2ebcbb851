/**
 * The console host refused this page's token: it restarted with a new address.
 * Nothing on this page can work again, so it says so in place of the (stale)
 * queue, and says what to do.
 */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import { useTranslation } from 'react-i18next';

export function RestartedScreen() {
  const { t } = useTranslation();
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 3 }}>
      <Alert severity="error" variant="filled" role="alert" sx={{ maxWidth: 720, fontSize: '1.25rem', '& .MuiAlert-icon': { fontSize: 40 } }}>
        <AlertTitle component="h1" sx={{ fontSize: '1.4rem', fontWeight: 700 }}>{t('link.restartedTitle')}</AlertTitle>
        {t('link.restarted')}
      </Alert>
    </Box>
  );
}
