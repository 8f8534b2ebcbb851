/** One queue row: priority, alarm kind, site, address, beacon message, live age or claim delay, drill badge, owner. */
import { memo } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import ChatBubbleOutlineIcon from '@mui/icons-material/ChatBubbleOutlineOutlined';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { useTranslation } from 'react-i18next';
import { answerTargetSeconds, type Case } from '@shared/domain/case';
import { DrillBadge } from '../../components/DrillBadge';
import { targetText } from '../../components/durations';
import { Isolated } from '../../components/Isolated';
import { PriorityChip } from '../../components/PriorityChip';
import { visuallyHidden } from '../../components/visuallyHidden';
import { formatAge, isOverdue, waitOf } from '../../store/selectors';
import { PRIORITY_COLOURS, type PriorityLevel } from '../../theme/theme';

export const ROW_HEIGHT = 92;
/** Extra height of a row that carries the beacon's free text on its own line. */
export const TEXT_LINE_HEIGHT = 24;

/** The beacon's free text when it says something (null, empty or blank: no line). */
export function rowText(c: Pick<Case, 'text'> | undefined): string | null {
  return c?.text?.trim() ? c.text : null;
}

export function rowHeight(c: Pick<Case, 'text'> | undefined): number {
  return rowText(c) ? ROW_HEIGHT + TEXT_LINE_HEIGHT : ROW_HEIGHT;
}

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
  const wait = waitOf(c, now);
  const time = formatAge(wait.seconds, t('dayUnit'));
  const overdueText = t('queue.overdue', { target: targetText(t, answerTargetSeconds(c.priority)) });
  const timeLabel =
    wait.kind === 'claimDelay' ? t('queue.claimDelayLabel', { delay: time }) : overdue ? `${t('queue.age', { age: time })}, ${overdueText}` : t('queue.age', { age: time });
  const kind = t(`kind.${c.kind}`);
  const status = !c.owner
    ? t('queue.unclaimed')
    : c.owner.operatorId === meId
      ? t('queue.claimedByMe')
      : t('queue.claimedBy', { name: c.owner.displayName });
  const label = t(c.drill ? 'queue.rowDrill' : 'queue.row', { priority: t('priority.short', { p: c.priority }), kind, site: c.siteName, status });
  const colour = PRIORITY_COLOURS[c.priority as PriorityLevel] ?? PRIORITY_COLOURS[4];
  const ageId = `${rowDomId(c.id)}-age`;
  const textId = `${rowDomId(c.id)}-text`;
  // A case someone else handles stays listed (who has it matters) but steps back visually.
  const othersCase = c.owner !== null && c.owner.operatorId !== meId;
  const text = rowText(c);

  return (
    <Box
      role="listitem"
      id={rowDomId(c.id)}
      ref={(el: HTMLDivElement | null) => rowRef(c.id, el)}
      aria-label={label}
      aria-describedby={text ? `${ageId} ${textId}` : ageId}
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
        height: rowHeight(c),
        transform: `translateY(${start}px)`,
        px: 1.5,
        py: 1,
        display: 'grid',
        gridTemplateColumns: 'auto 1fr auto',
        gridTemplateRows: text ? 'auto auto auto auto' : 'auto auto auto',
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
        aria-label={timeLabel}
        title={overdue ? overdueText : wait.kind === 'claimDelay' ? timeLabel : undefined}
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 0.5,
          fontVariantNumeric: 'tabular-nums',
          fontWeight: wait.kind === 'claimDelay' ? 400 : 700,
          fontSize: wait.kind === 'claimDelay' ? '0.95rem' : '1.05rem',
          px: overdue ? 0.75 : 0,
          borderRadius: 1,
          bgcolor: overdue ? '#c92a2a' : 'transparent',
          color: overdue ? '#fff5f5' : wait.kind === 'claimDelay' ? 'text.secondary' : 'text.primary',
        }}
      >
        {overdue && <WarningAmberIcon fontSize="small" aria-hidden />}
        <span>{wait.kind === 'claimDelay' ? t('queue.claimDelay', { delay: time }) : time}</span>
      </Box>
      <Box />
      <Typography noWrap sx={{ gridColumn: '2 / 4' }}>
        <strong>
          <Isolated>{c.siteName}</Isolated>
        </strong>
        {c.address && (
          <Box component="span" sx={{ color: 'text.secondary' }}>
            {' — '}
            <Isolated>{c.address}</Isolated>
          </Box>
        )}
      </Typography>
      {text && (
        <>
          <Box />
          <Typography id={textId} noWrap variant="body2" sx={{ gridColumn: '2 / 4', display: 'flex', alignItems: 'center', gap: 0.75, color: '#ffd8a8' }}>
            <ChatBubbleOutlineIcon sx={{ fontSize: '1rem' }} aria-hidden />
            <Box component="span" sx={visuallyHidden}>
              {t('queue.beaconText')}
            </Box>
            <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', fontStyle: 'italic' }}>
              <Isolated>{text}</Isolated>
            </Box>
          </Typography>
        </>
      )}
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
