/**
 * The call's keyboard shortcuts. Alt+Shift+letter works wherever the focus is (except in a
 * text field), so the operator keeps the queue or the script under the hand while talking;
 * letters are matched by the character typed, so AZERTY and QWERTY print what they mean.
 * Push-to-talk is the space bar, held (when the focus is not on another control).
 */
import type { VoiceMode } from '@shared/contract';

export type CallKeyAction =
  | { kind: 'call' }
  | { kind: 'mode'; mode: VoiceMode }
  | { kind: 'hangup' }
  | { kind: 'beaconVolume'; direction: 'up' | 'down' };

/** The letter of each action (shown on its button). */
export const CALL_KEYS = { call: 'B', listen: 'E', talk: 'P', ptt: 'A', mute: 'M', hangup: 'R' } as const;

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>;

/** Layout-independent fallback when the typed character is not a letter (e.g. macOS Option). */
const CODE_LETTER: Record<string, string> = { KeyB: 'b', KeyE: 'e', KeyP: 'p', KeyR: 'r' };

export function callKeyAction(e: KeyLike): CallKeyAction | null {
  if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'ArrowUp') return { kind: 'beaconVolume', direction: 'up' };
  if (e.key === 'ArrowDown') return { kind: 'beaconVolume', direction: 'down' };
  const typed = e.key.length === 1 && /[a-z]/i.test(e.key) ? e.key.toLowerCase() : (CODE_LETTER[e.code] ?? '');
  switch (typed) {
    case 'b':
      return { kind: 'call' };
    case 'e':
      return { kind: 'mode', mode: 'listen' };
    case 'p':
      return { kind: 'mode', mode: 'talk' };
    case 'a':
      return { kind: 'mode', mode: 'ptt' };
    case 'm':
      return { kind: 'mode', mode: 'mute' };
    case 'r':
      return { kind: 'hangup' };
    default:
      return null;
  }
}

/** The space bar, bare: the push-to-talk key. */
export function isPttKey(e: KeyLike): boolean {
  return e.code === 'Space' && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey;
}

/** Where a key belongs to what has the focus, not to the call: text fields, other controls, dialogs. */
export function keyBelongsToFocus(target: EventTarget | null, forPtt: boolean): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  if (el.closest('input, textarea, select, [contenteditable="true"], [role="dialog"]')) return true;
  // Space activates a focused button or moves a slider: only our own push-to-talk button gives it up.
  if (forPtt && el.closest('button, a[href], [role="button"], [role="slider"], [role="radio"], [role="option"], [role="menuitem"], [role="checkbox"]'))
    return !el.closest('[data-ptt-button]');
  return false;
}

/** How a shortcut is written on screen. */
export function shortcutLabel(letter: string, lang: string): string {
  return lang.startsWith('fr') ? `Alt+Maj+${letter}` : `Alt+Shift+${letter}`;
}
