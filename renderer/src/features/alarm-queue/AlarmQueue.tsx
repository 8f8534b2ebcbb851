/**
 * The alarm queue: virtualised (a flood of thousands stays fluid), ordered by
 * priority then age, driven from the keyboard: ↑/↓ move, Home/End jump,
 * Enter opens, P claims the case under the cursor.
 */
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useConsole, useServices } from '../../api/context';
import { useNow } from '../../components/useNow';
import { selectQueue } from '../../store/selectors';
import { claimCase } from '../case-view/actions';
import { AlarmRow, ROW_HEIGHT } from './AlarmRow';
import { QueueHeader } from './QueueHeader';

const LIST_ID = 'alarm-queue';

export function AlarmQueue() {
  const { t } = useTranslation();
  const { api, store } = useServices();
  const queue = useConsole(selectQueue);
  const cursorId = useConsole((s) => s.cursorId);
  const openCaseId = useConsole((s) => s.openCaseId);
  const now = useNow(1000);
  const scrollRef = useRef<HTMLDivElement | null>(null);
  const rows = useRef(new Map<string, HTMLDivElement>());
  const focusAfterMove = useRef(false);

  const virtualizer = useVirtualizer({
    count: queue.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => queue[i]?.id ?? i,
  });

  const cursorIndex = cursorId ? queue.findIndex((c) => c.id === cursorId) : -1;
  const tabbableIndex = cursorIndex >= 0 ? cursorIndex : 0;

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

  // Keyboard moves scroll the target row into view, then focus follows once it is rendered.
  useEffect(() => {
    if (!focusAfterMove.current || !cursorId) return;
    const el = rows.current.get(cursorId);
    if (el) {
      focusAfterMove.current = false;
      el.focus({ preventScroll: true });
    }
  });

  function moveTo(index: number) {
    const target = queue[Math.max(0, Math.min(queue.length - 1, index))];
    if (!target) return;
    focusAfterMove.current = true;
    store.getState().setCursor(target.id);
    virtualizer.scrollToIndex(queue.indexOf(target), { align: 'auto' });
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const current = queue[tabbableIndex];
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 5) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: tabbableIndex + 1,
      ArrowUp: tabbableIndex - 1,
      PageDown: tabbableIndex + page,
      PageUp: tabbableIndex - page,
      Home: 0,
      End: queue.length - 1,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveTo(moves[e.key]!);
    } else if (e.key === 'Enter' && current) {
      e.preventDefault();
      store.getState().openCase(current.id);
    } else if ((e.key === 'p' || e.key === 'P') && current) {
      e.preventDefault();
      store.getState().openCase(current.id);
      if (current.status === 'open') void claimCase(api, store, current.id);
    }
  }

  return (
    <Box component="section" aria-labelledby={`${LIST_ID}-title`} sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, borderRight: 1, borderColor: 'divider' }}>
      <QueueHeader listId={LIST_ID} />
      {queue.length === 0 ? (
        <Typography sx={{ p: 3 }} color="text.secondary" role="status">
          {t('queue.empty')}
        </Typography>
      ) : null}
      <Box
        ref={scrollRef}
        onKeyDown={onKeyDown}
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
