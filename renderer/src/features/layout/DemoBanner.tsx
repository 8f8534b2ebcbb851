/** Always visible in demo mode: nobody must mistake simulated beacons for real ones. */
import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';

export function DemoBanner() {
  const { t } = useTranslation();
  return (
    <Alert role="status" severity="info" variant="filled" icon={false} sx={{ borderRadius: 0, justifyContent: 'center', fontWeight: 700, bgcolor: '#5f3dc4', color: '#f3f0ff' }}>
      {t('demo.banner')}
    </Alert>
  );
}
