/** One queue row: priority, alarm kind, site, address, live age, drill badge, owner. */
import { memo } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { useTranslation } from 'react-i18next';
import type { Case } from '@shared/domain/case';
import { DrillBadge } from '../../components/DrillBadge';
import { PriorityChip } from '../../components/PriorityChip';
import { ageSeconds, formatAge, isOverdue } from '../../store/selectors';
import { PRIORITY_COLOURS, type PriorityLevel } from '../../theme/theme';

export const ROW_HEIGHT = 92;

type Props = {
  c: Case;
  now: number;
  isCursor: boolean;
  isOpen: boolean;
  tabbable: boolean;
  start: number;
  /** Position in the whole queue: only a window of rows exists in the DOM. */
  index: number;
  setSize: number;
  /** The logged-in operator's id, to say « Pris par vous ». */
  meId: string | null;
  onOpen(id: string): void;
  onFocus(id: string): void;
  rowRef(id: string, el: HTMLDivElement | null): void;
};

export const rowDomId = (id: string) => `queue-row-${id}`;

export const AlarmRow = memo(function AlarmRow({ c, now, isCursor, isOpen, tabbable, start, index, setSize, meId, onOpen, onFocus, rowRef }: Props) {
  const { t } = useTranslation();
  const overdue = isOverdue(c, now);
  const age = formatAge(ageSeconds(c, now), t('dayUnit'));
  const kind = t(`kind.${c.kind}`);
  const status = !c.owner
    ? t('queue.unclaimed')
    : c.owner.operatorId === meId
      ? t('queue.claimedByMe')
      : t('queue.claimedBy', { name: c.owner.displayName });
  const label = t(c.drill ? 'queue.rowDrill' : 'queue.row', { priority: t('priority.short', { p: c.priority }), kind, site: c.siteName, status });
  const colour = PRIORITY_COLOURS[c.priority as PriorityLevel] ?? PRIORITY_COLOURS[4];
  const ageId = `${rowDomId(c.id)}-age`;
  // A case someone else handles stays listed (who has it matters) but steps back visually.
  const othersCase = c.owner !== null && c.owner.operatorId !== meId;

  return (
    <Box
      role="listitem"
      id={rowDomId(c.id)}
      ref={(el: HTMLDivElement | null) => rowRef(c.id, el)}
      aria-label={label}
      aria-describedby={ageId}
      aria-current={isOpen ? 'true' : undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={tabbable ? 0 : -1}
      onClick={() => onOpen(c.id)}
      onFocus={() => onFocus(c.id)}
      data-priority={c.priority}
      data-case-id={c.id}
      sx={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        height: ROW_HEIGHT,
        transform: `translateY(${start}px)`,
        px: 1.5,
        py: 1,
        display: 'grid',
        gridTemplateColumns: 'auto 1fr auto',
        gridTemplateRows: 'auto auto auto',
        columnGap: 1.5,
        alignItems: 'center',
        cursor: 'pointer',
        opacity: othersCase && !isOpen ? 0.72 : 1,
        borderLeft: `6px solid ${colour.border}`,
        borderBottom: 1,
        borderBottomColor: 'divider',
        bgcolor: isOpen ? 'rgba(138,180,248,0.16)' : overdue ? 'rgba(255,107,107,0.10)' : 'transparent',
        outline: isCursor ? '2px solid #8ab4f8' : 'none',
        outlineOffset: -2,
        '&:hover': { bgcolor: 'rgba(232,234,237,0.06)' },
        '&:focus-visible': { outline: '3px solid #8ab4f8' },
      }}
    >
      <PriorityChip priority={c.priority} />
      <Typography noWrap sx={{ fontWeight: 600 }}>
        {kind}
      </Typography>
      <Box
        id={ageId}
        aria-label={overdue ? `${t('queue.age', { age })}, ${t('queue.overdue')}` : t('queue.age', { age })}
        title={overdue ? t('queue.overdue') : undefined}
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 0.5,
          fontVariantNumeric: 'tabular-nums',
          fontWeight: 700,
          fontSize: '1.05rem',
          px: overdue ? 0.75 : 0,
          borderRadius: 1,
          bgcolor: overdue ? '#c92a2a' : 'transparent',
          color: overdue ? '#fff5f5' : 'text.primary',
        }}
      >
        {overdue && <WarningAmberIcon fontSize="small" aria-hidden />}
        <span>{age}</span>
      </Box>
      <Box />
      <Typography noWrap sx={{ gridColumn: '2 / 4' }}>
        <strong>{c.siteName}</strong>
        <Box component="span" sx={{ color: 'text.secondary' }}>
          {' — '}
          {c.address}
        </Box>
      </Typography>
      <Box />
      <Box sx={{ gridColumn: '2 / 4', display: 'flex', gap: 1, alignItems: 'center', minWidth: 0 }}>
        {c.drill && <DrillBadge />}
        <Typography noWrap variant="body2" sx={{ color: c.owner ? 'success.light' : 'text.secondary' }}>
          {status}
        </Typography>
      </Box>
    </Box>
  );
});
