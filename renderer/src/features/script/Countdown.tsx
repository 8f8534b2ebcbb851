/** A wait step's deadline, counting down each second; red once it has passed (the console escalates then). */
import { useEffect, useState } from 'react';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';

function mmss(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function Countdown({ deadlineAt }: { deadlineAt: string }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Date.parse(deadlineAt) - now;
  return (
    <Typography role="timer" aria-live="off" sx={{ fontSize: '1.75rem', fontWeight: 700, fontVariantNumeric: 'tabular-nums', color: left <= 0 ? 'error.main' : left < 5 * 60_000 ? 'warning.main' : 'text.primary' }}>
      {left <= 0 ? t('script.deadlinePassed') : t('script.timeLeft', { time: mmss(left) })}
    </Typography>
  );
}
