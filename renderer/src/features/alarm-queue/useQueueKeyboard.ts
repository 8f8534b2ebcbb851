/**
 * The queue's keys, listened for on the document rather than on the focused
 * row: in a flood, arriving alarms re-order a virtualised list and a row can
 * leave the DOM (closed elsewhere), focus then falls to <body>, and a row-level
 * handler would go deaf until the operator clicks. `keyBelongsToQueue` keeps
 * the keys off text fields, other controls and open dialogs.
 */
import { useEffect, useRef, type RefObject } from 'react';
import type { Case } from '@shared/domain/case';
import { can } from '@shared/domain/permissions';
import { useServices } from '../../api/context';
import { claimCase } from '../case-view/actions';
import { keyAction, keyBelongsToQueue, type CursorPlace } from './queue-keys';

type Options = {
  queue: Case[];
  cursor: CursorPlace;
  /** The queue's section: keys from inside it are the queue's. */
  regionRef: RefObject<HTMLElement | null>;
  /** Rows per page for PageUp/PageDown. */
  pageSize(): number;
  /** Puts the cursor on a row, scrolls it in and gives it focus. */
  moveTo(index: number): void;
};

export function useQueueKeyboard(opts: Options): void {
  const { api, store } = useServices();
  // The listener is installed once; it reads the latest render's values.
  const latest = useRef(opts);
  latest.current = opts;

  useEffect(() => {
    const doc = latest.current.regionRef.current?.ownerDocument;
    if (!doc) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
      const { queue, cursor, regionRef, pageSize, moveTo } = latest.current;
      if (!keyBelongsToQueue(e.target, doc, regionRef.current)) return;
      const action = keyAction(e.key, cursor, queue.length, pageSize());
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'move') return moveTo(action.index);
      const current = queue[cursor.index];
      if (!current) return;
      store.getState().openCase(current.id);
      // A held P key repeats: one claim is enough (actions also refuse a second one in flight).
      // A role that may not claim (trainer) just opens the case, where the view says why.
      const mayClaim = can(store.getState().operator?.role, 'case.claim');
      if (action.kind === 'claim' && !e.repeat && current.status === 'open' && mayClaim) void claimCase(api, store, current.id);
    };
    doc.addEventListener('keydown', onKeyDown);
    return () => doc.removeEventListener('keydown', onKeyDown);
  }, [api, store]);
}
