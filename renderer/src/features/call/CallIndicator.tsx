/**
 * The app bar's call state, always in view while logged in: audio live (with whom and
 * whether the microphone goes out) and recorded. It also hosts the console's voice session
 * (audio and shortcuts), so calls keep sounding whatever case is on screen.
 */
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import FiberManualRecordIcon from '@mui/icons-material/FiberManualRecord';
import HeadsetMicIcon from '@mui/icons-material/HeadsetMic';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import { isLive, shouldSend } from './call-store';
import { useCallStore, useVoiceSession } from './useVoiceSession';

export function CallIndicator() {
  useVoiceSession();
  const { t } = useTranslation();
  const store = useCallStore();
  const live = useStore(store, useShallow((s) => s.calls.filter(isLive)));
  const sending = useStore(store, shouldSend);
  if (live.length === 0) return null;
  const connected = live.filter((c) => c.phase === 'connected');
  const recording = live.some((c) => c.recording);
  const who = live.map((c) => (c.contact ? c.contact.name : c.peer)).join(', ');
  const liveText = t('call.liveWith', { peer: who });
  const micText = sending ? t('call.sending') : t('call.notSending');
  return (
    <Box role="status" aria-live="polite" sx={{ display: 'flex', gap: 1, flexShrink: 0 }}>
      <Chip
        icon={<HeadsetMicIcon />}
        // Short in the bar (the states beside it must stay readable); with whom in its name and tooltip.
        label={connected.length ? t('call.live') : t(`call.phase.${live[0]?.phase ?? 'dialling'}`)}
        title={liveText}
        aria-label={connected.length ? liveText : undefined}
        sx={{ bgcolor: '#1864ab', color: '#e7f5ff', fontWeight: 700, maxWidth: 280 }}
      />
      {connected.length > 0 && (
        <Chip
          icon={sending ? <MicIcon /> : <MicOffIcon />}
          label={micText}
          sx={sending ? { bgcolor: '#ffa94d', color: '#1a1a1a', fontWeight: 700, '& .MuiChip-icon': { color: '#1a1a1a' } } : { bgcolor: 'rgba(255,255,255,0.08)' }}
        />
      )}
      {recording && (
        <Chip icon={<FiberManualRecordIcon sx={{ color: '#ff6b6b !important' }} />} label={t('call.recording')} variant="outlined" sx={{ borderColor: '#ff6b6b', color: '#ffc9c9', fontWeight: 700 }} />
      )}
    </Box>
  );
}
