/**
 * Dark theme built for night shifts: high contrast without pure-white glare,
 * type a notch larger than MUI's default, and one colour per priority that is
 * always shown next to its text label (never colour alone).
 */
import { createTheme, type Theme } from '@mui/material/styles';

export type PriorityLevel = 1 | 2 | 3 | 4;

/** Background colours of the priority chips; text on them is near-black (contrast ≥ 7:1). */
export const PRIORITY_COLOURS: Record<PriorityLevel, { bg: string; fg: string; border: string }> = {
  1: { bg: '#ff6b6b', fg: '#111', border: '#ff6b6b' },
  2: { bg: '#ffa94d', fg: '#111', border: '#ffa94d' },
  3: { bg: '#ffe066', fg: '#111', border: '#ffe066' },
  4: { bg: '#a5b4c4', fg: '#111', border: '#7d8fa3' },
};

export function createConsoleTheme(): Theme {
  return createTheme({
    palette: {
      mode: 'dark',
      background: { default: '#0f1216', paper: '#171b21' },
      text: { primary: '#e8eaed', secondary: '#b4bcc6' },
      primary: { main: '#8ab4f8' },
      error: { main: '#ff6b6b' },
      warning: { main: '#ffa94d' },
      success: { main: '#69db7c' },
      divider: 'rgba(232,234,237,0.16)',
    },
    typography: {
      fontFamily: 'Roboto, system-ui, sans-serif',
      fontSize: 15,
      h1: { fontSize: '1.5rem', fontWeight: 500 },
      h2: { fontSize: '1.25rem', fontWeight: 500 },
      h3: { fontSize: '1.1rem', fontWeight: 500 },
    },
    shape: { borderRadius: 6 },
    components: {
      MuiButton: {
        defaultProps: { disableElevation: true },
        styleOverrides: {
          root: {
            textTransform: 'none',
            fontWeight: 500,
            // A button disabled under the pointer (just clicked: « Prendre en charge ») kept its
            // hover fill with unreadable text; disabled must always look disabled.
            '&.Mui-disabled, &.Mui-disabled:hover': { backgroundColor: 'rgba(232,234,237,0.08)', color: 'rgba(232,234,237,0.38)' },
            '&.MuiButton-outlined.Mui-disabled': { backgroundColor: 'transparent' },
          },
        },
      },
      MuiChip: { styleOverrides: { label: { fontWeight: 500 } } },
      // Focus must be obvious for keyboard-first work.
      MuiButtonBase: { styleOverrides: { root: { '&.Mui-focusVisible': { outline: '2px solid #8ab4f8', outlineOffset: 2 } } } },
    },
  });
}
