/** Hub connection state, with icon and text: « Hub connecté » / « Hub injoignable ». */
import Chip from '@mui/material/Chip';
import CloudDoneIcon from '@mui/icons-material/CloudDone';
import CloudOffIcon from '@mui/icons-material/CloudOff';
import HelpOutlineIcon from '@mui/icons-material/HelpOutlined';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../../api/context';

export function HubChip() {
  const { t } = useTranslation();
  const hub = useConsole((s) => s.hub);
  const link = useConsole((s) => s.link);
  // With the host link down we do not know the hub's state: say so rather than show a stale « connecté ».
  if (!hub || link !== 'open') return <Chip icon={<HelpOutlineIcon />} label={t('topbar.hubUnknown')} variant="outlined" />;
  if (hub.connected) return <Chip icon={<CloudDoneIcon />} color="success" variant="outlined" label={t('topbar.hubConnected')} />;
  return <Chip icon={<CloudOffIcon />} color="error" label={t('topbar.hubUnreachable')} title={hub.lastError ?? undefined} />;
}
