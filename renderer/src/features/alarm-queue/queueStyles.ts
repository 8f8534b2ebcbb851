/**
 * The queue rows' CSS, written once as classes. Rows used MUI `sx` and Chips: in a flood
 * every visible row re-rendered on each batch and Emotion re-serialised and hashed its
 * styles each time (a third of the renderer's script time). Plain classes cost nothing
 * per render; only the row's position and priority colour are inline.
 */
import { PRIORITY_COLOURS } from '../../theme/theme';

export const ROW_HEIGHT = 36;

const ellipsis = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 } as const;

export const queueStyles = {
  '.vq-row': {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    padding: '0 8px 0 6px',
    borderLeft: '6px solid transparent',
    borderBottom: '1px solid rgba(232,234,237,0.16)',
    cursor: 'pointer',
    fontSize: '0.95rem',
    lineHeight: 1.2,
    outlineOffset: -2,
  },
  '.vq-row:hover': { backgroundColor: 'rgba(232,234,237,0.06)' },
  '.vq-row[data-cursor="true"]': { outline: '2px solid #8ab4f8' },
  '.vq-row:focus-visible': { outline: '3px solid #8ab4f8' },
  '.vq-row[aria-current="true"]': { backgroundColor: 'rgba(138,180,248,0.16)' },
  // Someone else's case stays listed (who has it matters) but steps back.
  '.vq-row[data-owner="other"] .vq-main': { color: '#b4bcc6' },
  '.vq-prio': { flex: 'none', minWidth: 30, textAlign: 'center', borderRadius: 4, fontWeight: 700, fontSize: '0.8rem', padding: '2px 4px', color: '#111' },
  ...Object.fromEntries(([1, 2, 3, 4] as const).map((p) => [`.vq-prio[data-p="${p}"]`, { backgroundColor: PRIORITY_COLOURS[p].bg }])),
  '.vq-main': { flex: '1 1 0', display: 'flex', alignItems: 'baseline', gap: 8, ...ellipsis },
  '.vq-site': { flex: '0 1 auto', fontWeight: 700, maxWidth: '55%', ...ellipsis },
  '.vq-kind': { flex: '0 1 auto', ...ellipsis },
  '.vq-text': { flex: '1 1 0', fontStyle: 'italic', color: '#ffd8a8', ...ellipsis },
  '.vq-mark': { flex: 'none', fontSize: '0.75rem', fontWeight: 700, borderRadius: 4, padding: '1px 5px', border: '1px solid currentColor' },
  '.vq-drill': { color: '#d0bfff', letterSpacing: 1 },
  '.vq-group': { color: '#b4bcc6' },
  '.vq-new': { color: '#111', backgroundColor: '#8ab4f8', borderColor: '#8ab4f8' },
  '.vq-age': { flex: 'none', minWidth: '3.2rem', textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontWeight: 700 },
  // Late: the time turns red, no filled badge on every row (no red wall); the header says how many and which first.
  '.vq-age[data-late="true"]': { color: '#ff8787' },
  '.vq-age[data-claimed="true"]': { fontWeight: 400, color: '#b4bcc6' },
  '.vq-owner': { flex: '0 1 auto', maxWidth: '9rem', fontSize: '0.85rem', color: '#8ce99a', ...ellipsis },
  '.vq-hidden': { position: 'absolute', width: 1, height: 1, margin: -1, padding: 0, border: 0, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' },
} as const;
