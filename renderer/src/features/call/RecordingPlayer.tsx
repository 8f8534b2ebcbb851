/**
 * One recording: its waveform (the beacon above, the operator below) with the play head,
 * play/pause, and a seek slider (arrows ±1 s, Page ±10 s, Home/End) that says where it is
 * in words for screen readers. Clicking the waveform seeks too.
 */
import { useEffect, useRef, useState } from 'react';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Slider from '@mui/material/Slider';
import Typography from '@mui/material/Typography';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useTranslation } from 'react-i18next';
import type { Recording } from '@shared/contract';
import { clock, parseWav, wavePeaks } from './waveform';

const COLUMNS = 480;
type Wave = { state: 'loading' } | { state: 'failed' } | { state: 'ready'; peaks: Float32Array[] };

function draw(canvas: HTMLCanvasElement | null, peaks: Float32Array[], progress: number): void {
  const g = canvas?.getContext('2d');
  if (!canvas || !g) return;
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  const lane = height / Math.max(1, peaks.length);
  const colours = ['#74c0fc', '#ffd43b'];
  peaks.forEach((channel, i) => {
    const mid = lane * i + lane / 2;
    for (let x = 0; x < channel.length; x += 1) {
      const h = Math.max(1, (channel[x] ?? 0) * (lane / 2 - 2));
      g.fillStyle = x / channel.length <= progress ? (colours[i] ?? '#ced4da') : 'rgba(206,212,218,0.45)';
      g.fillRect((x * width) / channel.length, mid - h, Math.max(1, width / channel.length - 0.5), h * 2);
    }
  });
  g.fillStyle = '#ffffff';
  g.fillRect(Math.round(progress * width), 0, 2, height);
}

export function RecordingPlayer({ rec, src, label }: { rec: Recording; src: string; label: string }) {
  const { t } = useTranslation();
  const audio = useRef<HTMLAudioElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [wave, setWave] = useState<Wave>({ state: 'loading' });
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [failed, setFailed] = useState(false);
  const total = rec.durationMs / 1000;

  useEffect(() => {
    let cancelled = false;
    fetch(src)
      .then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((buf) => {
        if (!cancelled) setWave({ state: 'ready', peaks: wavePeaks(parseWav(buf), COLUMNS) });
      })
      .catch((err: unknown) => {
        console.warn('[veille] recording waveform unavailable', err);
        if (!cancelled) setWave({ state: 'failed' });
      });
    return () => {
      cancelled = true;
    };
  }, [src]);

  useEffect(() => {
    if (wave.state === 'ready') draw(canvas.current, wave.peaks, total > 0 ? at / total : 0);
  }, [wave, at, total]);

  const seek = (seconds: number) => {
    const to = Math.max(0, Math.min(total, seconds));
    if (audio.current) audio.current.currentTime = to;
    setAt(to);
  };
  const toggle = () => {
    const a = audio.current;
    if (!a) return;
    if (a.paused) Promise.resolve(a.play()).catch(() => setFailed(true));
    else a.pause();
  };
  const position = t('call.recordings.position', { at: clock(at), total: clock(total) });

  return (
    <Box component="li" sx={{ listStyle: 'none', display: 'grid', gap: 0.75, p: 1.5, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Typography variant="body2">{label}</Typography>
      <Box sx={{ position: 'relative', height: 72, bgcolor: 'rgba(255,255,255,0.04)', borderRadius: 1 }}>
        <canvas
          ref={canvas}
          width={COLUMNS * 2}
          height={144}
          role="img"
          aria-label={t('call.recordings.waveform')}
          style={{ width: '100%', height: '100%', cursor: 'pointer', display: 'block' }}
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            if (r.width > 0) seek(((e.clientX - r.left) / r.width) * total);
          }}
        />
        {wave.state !== 'ready' && (
          <Typography variant="body2" sx={{ position: 'absolute', inset: 0, display: 'grid', placeItems: 'center', color: 'text.secondary' }}>
            {wave.state === 'loading' ? t('call.recordings.waveLoading') : t('call.recordings.waveFailed')}
          </Typography>
        )}
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <IconButton onClick={toggle} aria-label={playing ? t('call.recordings.pause') : t('call.recordings.play')} color="primary">
          {playing ? <PauseIcon /> : <PlayArrowIcon />}
        </IconButton>
        <Slider
          value={at}
          min={0}
          max={Math.max(total, 0.1)}
          step={1}
          shiftStep={10}
          onChange={(_e, v) => seek(v as number)}
          aria-label={t('call.recordings.seek')}
          getAriaValueText={() => position}
          sx={{ flex: 1 }}
        />
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums', minWidth: '7.5rem', textAlign: 'right' }}>
          {position}
        </Typography>
      </Box>
      {failed && (
        <Typography role="alert" variant="body2" sx={{ color: '#ff8787' }}>
          {t('call.recordings.playFailed')}
        </Typography>
      )}
      <Typography variant="caption" sx={{ color: 'text.secondary', overflowWrap: 'anywhere' }}>
        {t('call.recordings.sha', { sha: rec.sha256 })}
      </Typography>
      <audio
        ref={audio}
        src={src}
        preload="metadata"
        onPlay={() => setPlaying(true)}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onTimeUpdate={(e) => setAt(e.currentTarget.currentTime)}
        onError={() => setFailed(true)}
      />
    </Box>
  );
}
