/**
 * A live beacon call: its state and time, the voice modes (discreet listening, talk,
 * push-to-talk, mute) each with its shortcut, the push-to-talk button, the beacon's
 * loudspeaker volume (DTMF 1 / 3), hang up, and the two level meters.
 */
import type { ReactElement } from 'react';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import CallEndIcon from '@mui/icons-material/CallEnd';
import FiberManualRecordIcon from '@mui/icons-material/FiberManualRecord';
import HearingIcon from '@mui/icons-material/Hearing';
import MicIcon from '@mui/icons-material/Mic';
import MicOffIcon from '@mui/icons-material/MicOff';
import RecordVoiceOverIcon from '@mui/icons-material/RecordVoiceOver';
import VolumeDownIcon from '@mui/icons-material/VolumeDown';
import VolumeUpIcon from '@mui/icons-material/VolumeUp';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { CallView, VoiceMode } from '@shared/contract';
import { useServices } from '../../api/context';
import { useNow } from '../../components/useNow';
import { formatAge } from '../../store/selectors';
import { beaconVolume, hangup, ptt, setMode } from './call-actions';
import { CALL_KEYS, shortcutLabel } from './call-keys';
import { shouldSend } from './call-store';
import { LevelMeter } from './LevelMeter';
import { Shortcut } from './Shortcut';
import { useCallStore } from './useVoiceSession';

const MODES: ReadonlyArray<{ mode: VoiceMode; icon: ReactElement }> = [
  { mode: 'listen', icon: <HearingIcon /> },
  { mode: 'talk', icon: <MicIcon /> },
  { mode: 'ptt', icon: <RecordVoiceOverIcon /> },
  { mode: 'mute', icon: <MicOffIcon /> },
];

// The chosen mode must be obvious at a glance at 4 a.m.: filled, and amber whenever the microphone can go out.
const SELECTED: Record<VoiceMode, { bgcolor: string; color: string }> = {
  listen: { bgcolor: '#1864ab', color: '#e7f5ff' },
  talk: { bgcolor: '#ffa94d', color: '#1a1a1a' },
  ptt: { bgcolor: '#ffa94d', color: '#1a1a1a' },
  mute: { bgcolor: '#495057', color: '#f8f9fa' },
};

export function CallControls({ call }: { call: CallView }) {
  const { t, i18n } = useTranslation();
  const { api } = useServices();
  const store = useCallStore();
  const busy = useStore(store, (s) => !!s.busy[call.callId]);
  const pttHeld = useStore(store, (s) => s.pttHeld);
  const sending = useStore(store, shouldSend);
  const local = useStore(store, (s) => s.localLevels);
  const reported = useStore(store, (s) => s.levels[call.callId]);
  const now = useNow(1000);
  const keys = (letter: string) => shortcutLabel(letter, i18n.language);
  const aria = (letter: string) => `Alt+Shift+${letter}`;
  const connected = call.phase === 'connected';
  const since = call.connectedAt ? formatAge((now - Date.parse(call.connectedAt)) / 1000) : null;
  const levels = local ?? reported ?? { peer: 0, operator: 0 };

  return (
    <Box sx={{ display: 'grid', gap: 1.5 }}>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <Typography role="status" sx={{ fontWeight: 700 }}>
          {t(`call.phase.${call.phase}`)}
          {connected && since ? ` · ${since}` : ''}
        </Typography>
        {call.testReason && <Chip size="small" color="info" label={t('call.test')} title={call.testReason} />}
        {call.recording && <Chip size="small" icon={<FiberManualRecordIcon sx={{ color: '#ff6b6b !important' }} />} label={t('call.recording')} variant="outlined" />}
        <Chip
          size="small"
          icon={sending ? <MicIcon /> : <MicOffIcon />}
          label={sending ? t('call.sending') : t('call.notSending')}
          sx={sending ? { bgcolor: '#ffa94d', color: '#1a1a1a', fontWeight: 700, '& .MuiChip-icon': { color: '#1a1a1a' } } : undefined}
        />
      </Box>
      <ToggleButtonGroup
        exclusive
        value={call.mode}
        aria-label={t('call.modes')}
        disabled={!connected || busy}
        onChange={(_e, mode: VoiceMode | null) => mode && void setMode(api, store, t, call, mode)}
        sx={{ flexWrap: 'wrap' }}
      >
        {MODES.map(({ mode, icon }) => (
          <ToggleButton key={mode} value={mode} size="small" aria-keyshortcuts={aria(CALL_KEYS[mode])} sx={{ gap: 0.75, textTransform: 'none', fontWeight: 600, '&.Mui-selected, &.Mui-selected:hover': SELECTED[mode] }}>
            {icon}
            {t(`call.mode.${mode}`)}
            <Shortcut keys={keys(CALL_KEYS[mode])} />
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <Typography variant="body2" sx={{ color: 'text.secondary' }}>
        {t(`call.modeHint.${call.mode}`)}
      </Typography>
      <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'center' }}>
        {call.mode === 'ptt' && (
          <Button
            data-ptt-button
            variant={pttHeld ? 'contained' : 'outlined'}
            color="warning"
            size="large"
            disabled={!connected}
            aria-pressed={pttHeld}
            aria-keyshortcuts="Space"
            startIcon={<MicIcon />}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture?.(e.pointerId);
              ptt(api, store, t, call, true);
            }}
            onPointerUp={() => ptt(api, store, t, call, false)}
            onPointerCancel={() => ptt(api, store, t, call, false)}
            sx={{ minWidth: 260 }}
          >
            {pttHeld ? t('call.pttTalking') : t('call.ptt')}
          </Button>
        )}
        <Box role="group" aria-label={t('call.beaconVolume')} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <Typography variant="body2" sx={{ color: 'text.secondary' }}>
            {t('call.beaconVolume')}
          </Typography>
          <Button variant="outlined" disabled={!connected} onClick={() => void beaconVolume(api, store, t, call, 'down')} aria-label={t('call.beaconVolumeDown')} aria-keyshortcuts="Alt+Shift+ArrowDown">
            <VolumeDownIcon />
            <Shortcut keys={keys('↓')} />
          </Button>
          <Button variant="outlined" disabled={!connected} onClick={() => void beaconVolume(api, store, t, call, 'up')} aria-label={t('call.beaconVolumeUp')} aria-keyshortcuts="Alt+Shift+ArrowUp">
            <VolumeUpIcon />
            <Shortcut keys={keys('↑')} />
          </Button>
        </Box>
        <Button
          variant="contained"
          color="error"
          size="large"
          startIcon={<CallEndIcon />}
          disabled={busy}
          onClick={() => void hangup(api, store, t, call)}
          aria-keyshortcuts={aria(CALL_KEYS.hangup)}
          sx={{ ml: 'auto' }}
        >
          {t('call.hangup')}
          <Shortcut keys={keys(CALL_KEYS.hangup)} />
        </Button>
      </Box>
      <Box sx={{ display: 'grid', gap: 0.75 }}>
        <LevelMeter id={`level-peer-${call.callId}`} label={t('call.levelPeer')} level={levels.peer} />
        <LevelMeter id={`level-operator-${call.callId}`} label={t('call.levelOperator')} level={levels.operator} />
      </Box>
    </Box>
  );
}
