/** Headset: microphone and earphones (kept across reloads) and the listening volume. */
import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Slider from '@mui/material/Slider';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import VolumeUpIcon from '@mui/icons-material/VolumeUp';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useServices } from '../../api/context';
import type { AudioDevices } from '../../platform/audio-call';
import { useCallStore } from './useVoiceSession';

const NONE: AudioDevices = { inputs: [], outputs: [], canChooseOutput: false };

export function HeadsetSettings({ live }: { live: boolean }) {
  const { t } = useTranslation();
  const { call } = useServices();
  const store = useCallStore();
  const volume = useStore(store, (s) => s.volume);
  const inputId = useStore(store, (s) => s.inputId);
  const outputId = useStore(store, (s) => s.outputId);
  const stats = useStore(store, (s) => s.stats);
  const [devices, setDevices] = useState<AudioDevices>(NONE);

  // Device names appear once the microphone is allowed (during a call): list again then.
  useEffect(() => {
    const audio = call?.audio;
    if (!audio) return;
    let cancelled = false;
    const load = () =>
      audio.devices().then(
        (d) => !cancelled && setDevices(d),
        () => undefined,
      );
    void load();
    navigator.mediaDevices?.addEventListener?.('devicechange', load);
    return () => {
      cancelled = true;
      navigator.mediaDevices?.removeEventListener?.('devicechange', load);
    };
  }, [call, live]);

  const name = (label: string, n: number) => label || t('call.device', { n });
  return (
    <Box component="fieldset" sx={{ m: 0, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1, display: 'grid', gap: 1.5 }}>
      <Typography component="legend" variant="body2" sx={{ px: 0.5, color: 'text.secondary' }}>
        {t('call.headset')}
      </Typography>
      <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5 }}>
        <TextField select size="small" label={t('call.input')} value={inputId ?? ''} onChange={(e) => store.getState().set({ inputId: e.target.value || null })}>
          <MenuItem value="">{t('call.defaultDevice')}</MenuItem>
          {devices.inputs.map((d, i) => (
            <MenuItem key={d.deviceId} value={d.deviceId}>
              {name(d.label, i + 1)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('call.output')}
          value={outputId ?? ''}
          disabled={!devices.canChooseOutput}
          helperText={devices.canChooseOutput ? undefined : t('call.outputUnsupported')}
          onChange={(e) => store.getState().set({ outputId: e.target.value || null })}
        >
          <MenuItem value="">{t('call.defaultDevice')}</MenuItem>
          {devices.outputs.map((d, i) => (
            <MenuItem key={d.deviceId} value={d.deviceId}>
              {name(d.label, i + 1)}
            </MenuItem>
          ))}
        </TextField>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <VolumeUpIcon aria-hidden sx={{ color: 'text.secondary' }} />
        <Slider
          value={Math.round(volume * 100)}
          min={0}
          max={100}
          step={5}
          onChange={(_e, v) => store.getState().set({ volume: (v as number) / 100 })}
          aria-label={t('call.volume')}
          getAriaValueText={(v) => `${v} %`}
          valueLabelDisplay="auto"
        />
      </Box>
      {live && stats && (
        <Typography variant="caption" data-testid="call-audio-stats" sx={{ color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>
          {t('call.stats', stats)}
        </Typography>
      )}
    </Box>
  );
}
