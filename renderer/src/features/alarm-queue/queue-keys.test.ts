// @vitest-environment jsdom
// Which key does what in the queue, and when a key press is the queue's at all.
import { afterEach, describe, expect, it } from 'vitest';
import { keyAction, keyBelongsToQueue, withKeptRows } from './queue-keys';

afterEach(() => (document.body.innerHTML = ''));

describe('queue keys', () => {
  it('moves within bounds and pages by the visible row count', () => {
    const at = { index: 3, lastIndex: 3 };
    expect(keyAction('ArrowDown', at, 10, 4)).toEqual({ kind: 'move', index: 4 });
    expect(keyAction('ArrowUp', at, 10, 4)).toEqual({ kind: 'move', index: 2 });
    expect(keyAction('PageDown', at, 10, 4)).toEqual({ kind: 'move', index: 7 });
    expect(keyAction('PageDown', at, 5, 4)).toEqual({ kind: 'move', index: 4 });
    expect(keyAction('PageUp', at, 10, 4)).toEqual({ kind: 'move', index: 0 });
    expect(keyAction('End', at, 10, 4)).toEqual({ kind: 'move', index: 9 });
    expect(keyAction('Enter', at, 10, 4)).toEqual({ kind: 'open' });
    expect(keyAction('P', at, 10, 4)).toEqual({ kind: 'claim' });
    expect(keyAction('x', at, 10, 4)).toBeNull();
    expect(keyAction('ArrowDown', at, 0, 4)).toBeNull();
  });

  it('continues from where a vanished cursor was, and never opens or claims what is not under it', () => {
    const gone = { index: -1, lastIndex: 2 };
    expect(keyAction('ArrowDown', gone, 10, 4)).toEqual({ kind: 'move', index: 2 });
    expect(keyAction('ArrowUp', gone, 10, 4)).toEqual({ kind: 'move', index: 1 });
    expect(keyAction('ArrowDown', { index: -1, lastIndex: 0 }, 3, 4)).toEqual({ kind: 'move', index: 0 });
    expect(keyAction('p', gone, 10, 4)).toBeNull();
    expect(keyAction('Enter', gone, 10, 4)).toBeNull();
  });

  it('takes keys from <body> and from inside the queue, not from fields, other controls or under a dialog', () => {
    document.body.innerHTML = `
      <section id="q"><div role="listitem" tabindex="0" id="row"></div></section>
      <button id="btn">Relâcher</button><textarea id="txt"></textarea><div contenteditable="true" id="ed"></div>`;
    const q = document.getElementById('q');
    const el = (id: string) => document.getElementById(id);
    expect(keyBelongsToQueue(document.body, document, q)).toBe(true);
    expect(keyBelongsToQueue(el('row'), document, q)).toBe(true);
    expect(keyBelongsToQueue(el('btn'), document, q)).toBe(false);
    expect(keyBelongsToQueue(el('txt'), document, q)).toBe(false);
    expect(keyBelongsToQueue(el('ed'), document, q)).toBe(false);
    document.body.insertAdjacentHTML('beforeend', '<div role="dialog" aria-modal="true"></div>');
    expect(keyBelongsToQueue(document.body, document, q)).toBe(false);
    expect(keyBelongsToQueue(el('row'), document, q)).toBe(false);
  });

  it('keeps the cursor row rendered outside the window, once, in order', () => {
    const window = [10, 11, 12];
    expect(withKeptRows(window, [500, 500], 600)).toEqual([10, 11, 12, 500]);
    expect(withKeptRows(window, [3, 500], 600)).toEqual([3, 10, 11, 12, 500]);
    expect(withKeptRows(window, [11, 11], 600)).toBe(window);
    expect(withKeptRows(window, [-1, 700], 600)).toBe(window);
  });
});
