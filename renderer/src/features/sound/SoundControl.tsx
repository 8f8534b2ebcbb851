/**
 * Sound state in the top bar: blocked (click to enable), muted (with the time
 * left, click to unmute) or on (click to mute for 2 minutes). Never hidden.
 */
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import VolumeOffIcon from '@mui/icons-material/VolumeOff';
import VolumeUpIcon from '@mui/icons-material/VolumeUp';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { useNow } from '../../components/useNow';
import { formatAge } from '../../store/selectors';
import { useAudioState } from './useAlertSound';

export function SoundControl() {
  const { t } = useTranslation();
  const { audio, store } = useServices();
  const state = useAudioState();
  const muteUntil = useConsole((s) => s.muteUntil);
  const now = useNow(1000);

  if (state === 'unavailable')
    return <Chip color="warning" icon={<WarningAmberIcon />} label={t('sound.unavailable')} />;
  if (state === 'blocked')
    return (
      <Button variant="contained" color="warning" startIcon={<VolumeOffIcon />} onClick={() => void audio?.resume()}>
        {t('sound.blocked')}
      </Button>
    );
  if (muteUntil !== null && muteUntil > now)
    return (
      <Button variant="outlined" color="warning" startIcon={<VolumeOffIcon />} onClick={() => store.getState().unmute()}>
        {t('sound.muted', { time: formatAge((muteUntil - now) / 1000) })}
      </Button>
    );
  return (
    <Button color="inherit" startIcon={<VolumeUpIcon />} onClick={() => store.getState().mute(Date.now())} title={t('sound.on')}>
      {t('sound.mute')}
    </Button>
  );
}
