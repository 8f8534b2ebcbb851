/**
 * Pure rules for the queue's keyboard: which key does what, and when a key
 * press belongs to the queue at all. Kept apart from React so the rules that
 * decide whether a keystroke can claim a case are easy to read and to test.
 */

export type QueueKeyAction = { kind: 'move'; index: number } | { kind: 'open' } | { kind: 'claim' } | null;

/**
 * Where the cursor stands: `index` when its case is in the queue, else -1 and
 * `lastIndex` is where that case was (it was closed or taken out): ↓ then lands
 * on the case that took its place rather than jumping to the top.
 */
export type CursorPlace = { index: number; lastIndex: number };

export function keyAction(key: string, at: CursorPlace, length: number, page: number): QueueKeyAction {
  if (length === 0) return null;
  const clamp = (i: number) => Math.max(0, Math.min(length - 1, i));
  const present = at.index >= 0;
  // A vanished cursor sits "between" rows: ↓ goes to the row now at its place, ↑ to the one before.
  const down = present ? at.index + 1 : at.lastIndex;
  const up = present ? at.index - 1 : at.lastIndex - 1;
  switch (key) {
    case 'ArrowDown':
      return { kind: 'move', index: clamp(down) };
    case 'ArrowUp':
      return { kind: 'move', index: clamp(up) };
    case 'PageDown':
      return { kind: 'move', index: clamp(down + page - 1) };
    case 'PageUp':
      return { kind: 'move', index: clamp(up - page + 1) };
    case 'Home':
      return { kind: 'move', index: 0 };
    case 'End':
      return { kind: 'move', index: length - 1 };
    case 'Enter':
      return present ? { kind: 'open' } : null;
    case 'p':
    case 'P':
      return present ? { kind: 'claim' } : null;
    default:
      return null;
  }
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** A field that takes text: its keys are the operator's words, never commands. */
export function isTypingTarget(el: Element): boolean {
  if (TYPING_TAGS.has(el.tagName)) return true;
  const html = el as HTMLElement;
  return html.isContentEditable === true || html.getAttribute('contenteditable') === 'true';
}

/**
 * Whether a key press is the queue's: focus inside the queue, or on nothing
 * (<body>, as after the focused row went away). Never while a modal dialog is
 * open (its keys are its own), never from a text field or any other control.
 */
export function keyBelongsToQueue(target: EventTarget | null, doc: Document, queue: Element | null): boolean {
  if (doc.querySelector('[aria-modal="true"]')) return false;
  const el = target instanceof Element ? target : null;
  if (!el || el === doc.body || el === doc.documentElement) return true;
  if (isTypingTarget(el)) return false;
  return queue !== null && queue.contains(el);
}

/**
 * The virtualiser's window plus rows that must stay rendered (the cursor's,
 * which may hold focus, and the tabbable one), each once and in order: a row
 * listed twice would be rendered twice under one key.
 */
export function withKeptRows(indexes: number[], keep: number[], count: number): number[] {
  const extra = keep.filter((i, n) => i >= 0 && i < count && !indexes.includes(i) && keep.indexOf(i) === n);
  return extra.length ? [...indexes, ...extra].sort((a, b) => a - b) : indexes;
}
