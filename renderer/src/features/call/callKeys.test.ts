// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { callKeyAction, isPttKey, keyBelongsToFocus, shortcutLabel } from './call-keys';

const key = (k: string, code: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, code, altKey: true, shiftKey: true, ctrlKey: false, metaKey: false, ...mods });

describe('call keys', () => {
  it('reads Alt+Shift+letter by the character typed (AZERTY A and M sit elsewhere than on QWERTY)', () => {
    expect(callKeyAction(key('A', 'KeyQ'))).toEqual({ kind: 'mode', mode: 'ptt' });
    expect(callKeyAction(key('M', 'Semicolon'))).toEqual({ kind: 'mode', mode: 'mute' });
    expect(callKeyAction(key('E', 'KeyE'))).toEqual({ kind: 'mode', mode: 'listen' });
    expect(callKeyAction(key('P', 'KeyP'))).toEqual({ kind: 'mode', mode: 'talk' });
    expect(callKeyAction(key('R', 'KeyR'))).toEqual({ kind: 'hangup' });
    expect(callKeyAction(key('B', 'KeyB'))).toEqual({ kind: 'call' });
    expect(callKeyAction(key('ArrowDown', 'ArrowDown'))).toEqual({ kind: 'beaconVolume', direction: 'down' });
    // macOS Option turns letters into symbols: the key's position decides for the layout-safe ones.
    expect(callKeyAction(key('®', 'KeyR'))).toEqual({ kind: 'hangup' });
  });

  it('ignores the same letters without both modifiers, or with Ctrl or Meta', () => {
    expect(callKeyAction(key('P', 'KeyP', { altKey: false }))).toBeNull();
    expect(callKeyAction(key('P', 'KeyP', { shiftKey: false }))).toBeNull();
    expect(callKeyAction(key('P', 'KeyP', { ctrlKey: true }))).toBeNull();
    expect(callKeyAction(key('Z', 'KeyW'))).toBeNull();
  });

  it('takes the bare space bar for push-to-talk, unless the focus is on a field or another control', () => {
    expect(isPttKey({ key: ' ', code: 'Space', altKey: false, shiftKey: false, ctrlKey: false, metaKey: false })).toBe(true);
    expect(isPttKey({ key: ' ', code: 'Space', altKey: false, shiftKey: true, ctrlKey: false, metaKey: false })).toBe(false);
    document.body.innerHTML = '<input id="i"><button id="b">x</button><button id="p" data-ptt-button>talk</button><div role="dialog"><span id="d">y</span></div><p id="t">z</p>';
    const el = (id: string) => document.getElementById(id);
    expect(keyBelongsToFocus(el('i'), true)).toBe(true);
    expect(keyBelongsToFocus(el('b'), true)).toBe(true);
    expect(keyBelongsToFocus(el('b'), false)).toBe(false);
    expect(keyBelongsToFocus(el('p'), true)).toBe(false);
    expect(keyBelongsToFocus(el('d'), false)).toBe(true);
    expect(keyBelongsToFocus(el('t'), true)).toBe(false);
    expect(keyBelongsToFocus(document.body, true)).toBe(false);
  });

  it('writes shortcuts the way each language names the keys', () => {
    expect(shortcutLabel('P', 'fr')).toBe('Alt+Maj+P');
    expect(shortcutLabel('P', 'en')).toBe('Alt+Shift+P');
  });
});
