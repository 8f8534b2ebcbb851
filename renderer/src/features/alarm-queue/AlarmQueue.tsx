/**
 * The alarm queue: virtualised (a flood of thousands stays fluid), ordered by
 * priority then age, driven from the keyboard: ↑/↓ move, Home/End jump,
 * Enter opens, P claims the case under the cursor. The cursor follows its case
 * by id, and the virtualiser always renders the cursor's row, so alarms
 * arriving above it neither move the operator's selection nor unmount the
 * focused row. Keys are heard at document level (useQueueKeyboard).
 */
import { memo, useCallback, useEffect, useRef } from 'react';
import Box from '@mui/material/Box';
import GlobalStyles from '@mui/material/GlobalStyles';
import Typography from '@mui/material/Typography';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { useNow } from '../../components/useNow';
import { selectQueue } from '../../store/selectors';
import { AlarmRow } from './AlarmRow';
import { queueStyles, ROW_HEIGHT } from './queueStyles';
import { QueueHeader } from './QueueHeader';
import { withKeptRows } from './queue-keys';
import { useQueueKeyboard } from './useQueueKeyboard';

const LIST_ID = 'alarm-queue';

// Its own memoised component: the style sheet is written once, not on each batch of a flood.
const QueueCss = memo(function QueueCss() {
  return <GlobalStyles styles={queueStyles} />;
});

export function AlarmQueue() {
  const { t } = useTranslation();
  const { store } = useServices();
  const queue = useConsole(selectQueue);
  const cursorId = useConsole((s) => s.cursorId);
  const openCaseId = useConsole((s) => s.openCaseId);
  const now = useNow(1000);
  const regionRef = useRef<HTMLElement | null>(null);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const rows = useRef(new Map<string, HTMLDivElement>());
  // The row that should take focus once rendered. Its id, not a flag: a render already under
  // way when a key moves the cursor (a scroll, a delta) must not spend the move on the old row.
  const focusTarget = useRef<string | null>(null);

  const cursorIndex = cursorId ? queue.findIndex((c) => c.id === cursorId) : -1;
  // Where the cursor's case was when it was last seen: if it leaves the queue, ↓ continues from there.
  const lastIndex = useRef(0);
  if (cursorIndex >= 0) lastIndex.current = cursorIndex;
  const tabbableIndex = cursorIndex >= 0 ? cursorIndex : Math.min(lastIndex.current, queue.length - 1);

  // Besides the visible window, always render the cursor's row (it may hold focus) and the tabbable one.
  const rangeExtractor = useCallback(
    (range: Range) => withKeptRows(defaultRangeExtractor(range), [cursorIndex, tabbableIndex], range.count),
    [cursorIndex, tabbableIndex],
  );

  const virtualizer = useVirtualizer({
    count: queue.length,
    getScrollElement: () => scrollRef.current,
    // Every row is one line: no measuring, the virtualiser's layout is arithmetic.
    estimateSize: () => ROW_HEIGHT,
    overscan: 6,
    getItemKey: (i) => queue[i]?.id ?? i,
    rangeExtractor,
  });

  const rowRef = useCallback((id: string, el: HTMLDivElement | null) => {
    if (el) rows.current.set(id, el);
    else rows.current.delete(id);
  }, []);
  const onOpen = useCallback((id: string) => store.getState().openCase(id), [store]);
  // Tabbing or clicking into a row puts the cursor there, so ↑/↓ move from what has focus.
  const onFocus = useCallback((id: string) => {
    if (store.getState().cursorId !== id) store.getState().setCursor(id);
  }, [store]);
  const meId = useConsole((s) => s.operator?.id ?? null);
  const newAlarms = useConsole((s) => s.newAlarms);

  // Keyboard moves scroll the target row into view, then focus follows once it is rendered.
  useEffect(() => {
    const id = focusTarget.current;
    if (!id) return;
    // The operator has put the cursor elsewhere since (a click): that move is over.
    if (store.getState().cursorId !== id) return void (focusTarget.current = null);
    const el = rows.current.get(id);
    if (el) {
      focusTarget.current = null;
      el.focus({ preventScroll: true });
    }
  });

  // Keyboard from the start: after login or a reload nothing has focus and no row is chosen, so
  // Enter and P would do nothing. Put the cursor on the first (most urgent) row and, unless the
  // operator is already working elsewhere on the page, focus it.
  useEffect(() => {
    const first = queue[0];
    if (cursorId !== null || !first) return;
    const doc = regionRef.current?.ownerDocument;
    const active = doc?.activeElement ?? null;
    const free = !!doc && (!active || active === doc.body || active === doc.documentElement) && !doc.querySelector('[aria-modal="true"]');
    focusTarget.current = free ? first.id : null;
    store.getState().setCursor(first.id);
  }, [cursorId, queue, store]);

  function moveTo(index: number) {
    const target = queue[Math.max(0, Math.min(queue.length - 1, index))];
    if (!target) return;
    focusTarget.current = target.id;
    store.getState().setCursor(target.id);
    virtualizer.scrollToIndex(queue.indexOf(target), { align: 'auto' });
  }

  useQueueKeyboard({
    queue,
    cursor: { index: cursorIndex, lastIndex: lastIndex.current },
    regionRef,
    pageSize: () => Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 5) / ROW_HEIGHT) - 1),
    moveTo,
  });

  return (
    <Box component="section" ref={regionRef} aria-labelledby={`${LIST_ID}-title`} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, borderRight: 1, borderColor: 'divider' }}>
      <QueueCss />
      <QueueHeader listId={LIST_ID} now={now} />
      {queue.length === 0 ? (
        <Typography sx={{ p: 3 }} color="text.secondary" role="status">
          {t('queue.empty')}
        </Typography>
      ) : null}
      <Box
        ref={scrollRef}
        sx={{ flex: 1, minHeight: 0, overflowY: 'auto', display: queue.length ? 'block' : 'none' }}
      >
        <Box
          role="list"
          id={LIST_ID}
          aria-label={t('queue.label')}
          aria-describedby={`${LIST_ID}-help`}
          sx={{ position: 'relative', height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((v) => {
            const c = queue[v.index];
            if (!c) return null;
            return (
              <AlarmRow
                key={c.id}
                c={c}
                now={now}
                start={v.start}
                index={v.index}
                setSize={queue.length}
                isCursor={c.id === cursorId}
                isOpen={c.id === openCaseId}
                tabbable={v.index === tabbableIndex}
                meId={meId}
                newAlarms={newAlarms[c.id] ?? 0}
                onOpen={onOpen}
                onFocus={onFocus}
                rowRef={rowRef}
              />
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
