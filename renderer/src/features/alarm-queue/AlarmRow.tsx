/**
 * One queue row on one line (36 px, 13 rows at 1280×720): priority, site and kind first,
 * the beacon's text, marks (drill, grouped alarms, new alarms on my case), live age or
 * claim delay, owner. Clipped text ends in an ellipsis; the whole line is in the row's
 * tooltip and its accessible description. Plain elements styled by class (queueStyles):
 * a flood re-renders the visible rows on every batch and must not pay for styling each time.
 */
import { memo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { answerTargetSeconds, type Case } from '@shared/domain/case';
import { targetText } from '../../components/durations';
import { Isolated } from '../../components/Isolated';
import { formatAge, isOverdue, waitOf } from '../../store/selectors';
import { alarmCountOf } from '../../store/queue-order';
import { PRIORITY_COLOURS, type PriorityLevel } from '../../theme/theme';

export { ROW_HEIGHT } from './queueStyles';

/** The beacon's free text when it says something (null, empty or blank: nothing shown). */
export function rowText(c: Pick<Case, 'text'> | undefined): string | null {
  return c?.text?.trim() ? c.text : null;
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
  /** Alarms that joined this case (mine) since I last opened it. */
  newAlarms: number;
  onOpen(id: string): void;
  onFocus(id: string): void;
  rowRef(id: string, el: HTMLDivElement | null): void;
};

export const rowDomId = (id: string) => `queue-row-${id}`;

type Words = { lang: string; meId: string | null; kind: string; status: string; label: string; title: string; grouped: string | null; groupedTitle: string | null };

// The words of a row change with the case (a new object per version), the language or the operator, not each render.
const wordsCache = new WeakMap<Case, Words>();

function wordsOf(t: TFunction, lang: string, c: Case, meId: string | null): Words {
  const hit = wordsCache.get(c);
  if (hit && hit.lang === lang && hit.meId === meId) return hit;
  const kind = t(`kind.${c.kind}`);
  const status = !c.owner ? t('queue.unclaimed') : c.owner.operatorId === meId ? t('queue.claimedByMe') : t('queue.claimedBy', { name: c.owner.displayName });
  const count = alarmCountOf(c);
  const text = rowText(c);
  let label = t(c.drill ? 'queue.rowDrill' : 'queue.row', { priority: t('priority.short', { p: c.priority }), kind, site: c.siteName, status });
  if (count > 1) label += `, ${t('queue.groupedTitle', { count })}`;
  const title = [c.siteName, kind, c.address, text ? `« ${text} »` : null, count > 1 ? t('queue.groupedTitle', { count }) : null, status].filter(Boolean).join(' — ');
  const words: Words = {
    lang,
    meId,
    kind,
    status,
    label,
    title,
    grouped: count > 1 ? t('queue.grouped', { count }) : null,
    groupedTitle: count > 1 ? t('queue.groupedTitle', { count }) : null,
  };
  wordsCache.set(c, words);
  return words;
}

export const AlarmRow = memo(function AlarmRow({ c, now, isCursor, isOpen, tabbable, start, index, setSize, meId, newAlarms, onOpen, onFocus, rowRef }: Props) {
  const { t, i18n } = useTranslation();
  const w = wordsOf(t, i18n.language, c, meId);
  const overdue = isOverdue(c, now);
  const wait = waitOf(c, now);
  const time = formatAge(wait.seconds, t('dayUnit'));
  const overdueText = overdue ? t('queue.overdue', { target: targetText(t, answerTargetSeconds(c.priority)) }) : null;
  const timeLabel = wait.kind === 'claimDelay' ? t('queue.claimDelayLabel', { delay: time }) : overdueText ? `${t('queue.age', { age: time })}, ${overdueText}` : t('queue.age', { age: time });
  const p = (Math.min(4, Math.max(1, c.priority)) as PriorityLevel);
  const ageId = `${rowDomId(c.id)}-age`;
  const textId = `${rowDomId(c.id)}-text`;
  const newId = `${rowDomId(c.id)}-new`;
  const owner = !c.owner ? 'none' : c.owner.operatorId === meId ? 'me' : 'other';
  const text = rowText(c);
  const describedBy = [ageId, text ? textId : null, newAlarms > 0 ? newId : null].filter(Boolean).join(' ');

  return (
    <div
      role="listitem"
      id={rowDomId(c.id)}
      className="vq-row"
      ref={(el) => rowRef(c.id, el)}
      aria-label={w.label}
      aria-describedby={describedBy}
      aria-current={isOpen ? 'true' : undefined}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      tabIndex={tabbable ? 0 : -1}
      title={w.title}
      onClick={() => onOpen(c.id)}
      onFocus={() => onFocus(c.id)}
      data-priority={c.priority}
      data-case-id={c.id}
      data-cursor={isCursor}
      data-owner={owner}
      style={{ transform: `translateY(${start}px)`, borderLeftColor: PRIORITY_COLOURS[p].border }}
    >
      <span className="vq-prio" data-p={p}>
        {t('priority.short', { p: c.priority })}
      </span>
      <span className="vq-main">
        <span className="vq-site">
          <Isolated>{c.siteName}</Isolated>
        </span>
        <span className="vq-kind">{w.kind}</span>
        {text && (
          <span className="vq-text" id={textId}>
            <span className="vq-hidden">{t('queue.beaconText')}</span>
            <Isolated>{text}</Isolated>
          </span>
        )}
      </span>
      {c.drill && <span className="vq-mark vq-drill">{t('queue.drill')}</span>}
      {w.grouped && (
        <span className="vq-mark vq-group" title={w.groupedTitle ?? undefined}>
          {w.grouped}
        </span>
      )}
      {newAlarms > 0 && (
        <span className="vq-mark vq-new" id={newId}>
          {t('queue.newAlarms', { count: newAlarms })}
        </span>
      )}
      <span className="vq-age" id={ageId} role="timer" aria-label={timeLabel} title={overdueText ?? undefined} data-late={overdue} data-claimed={wait.kind === 'claimDelay'}>
        {wait.kind === 'claimDelay' ? t('queue.claimDelay', { delay: time }) : time}
      </span>
      {/* Free cases are the usual ones: only a taken case names its owner on screen. */}
      <span className={owner === 'none' ? 'vq-hidden' : 'vq-owner'}>{w.status}</span>
    </div>
  );
});
