/** Red, across the top, while the hub is unreachable: new alarms no longer reach this console. */
import Alert from '@mui/material/Alert';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';

export function HubDownBanner() {
  const { t } = useTranslation();
  const down = useConsole((s) => s.hubDown);
  if (!down) return null;
  return (
    <Alert
      severity="error"
      variant="filled"
      role="alert"
      icon={<CloudOffIcon />}
      sx={{ borderRadius: 0, bgcolor: '#c92a2a', color: '#fff5f5', fontWeight: 700, fontSize: '1.1rem', justifyContent: 'center', alignItems: 'center' }}
    >
      {t('hubDown.banner')}
    </Alert>
  );
}
