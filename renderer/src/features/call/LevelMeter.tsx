/** A level meter (role="meter", 0–100): a bar with its name, readable by screen readers. */
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';

type Props = { label: string; level: number; id: string };

export function LevelMeter({ label, level, id }: Props) {
  const percent = Math.round(Math.max(0, Math.min(1, level)) * 100);
  // Green while speech is comfortable, amber near clipping.
  const colour = percent > 85 ? '#ffa94d' : '#69db7c';
  return (
    <Box sx={{ display: 'grid', gridTemplateColumns: '9rem 1fr', alignItems: 'center', gap: 1 }}>
      <Typography id={`${id}-label`} variant="body2" sx={{ color: 'text.secondary' }}>
        {label}
      </Typography>
      <Box
        role="meter"
        aria-labelledby={`${id}-label`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} %`}
        data-testid={id}
        sx={{ height: 10, borderRadius: 5, bgcolor: 'rgba(255,255,255,0.12)', overflow: 'hidden' }}
      >
        <Box sx={{ width: `${percent}%`, height: '100%', bgcolor: colour, transition: 'width 80ms linear' }} />
      </Box>
    </Box>
  );
}
