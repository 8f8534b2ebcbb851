/** A shortcut written on a control, as keys (<kbd>): visible, and hidden from the accessible name's noise. */
import Box from '@mui/material/Box';

export function Shortcut({ keys }: { keys: string }) {
  return (
    <Box
      component="kbd"
      aria-hidden
      sx={{ ml: 1, px: 0.6, py: 0.1, fontSize: '0.75rem', fontFamily: 'inherit', border: 1, borderColor: 'currentColor', borderRadius: 0.5, opacity: 0.85, whiteSpace: 'nowrap' }}
    >
      {keys}
    </Box>
  );
}
