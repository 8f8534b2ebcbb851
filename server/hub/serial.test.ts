import { describe, expect, it } from 'vitest';
import { createSerial, INTAKE_STREAK } from './serial';

/** A section the test finishes by hand, recording when it started. */
function gate(order: string[], name: string): { fn: () => Promise<string>; open: () => void } {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return {
    fn: async () => {
      order.push(name);
      await done;
      return name;
    },
    open: () => open(),
  };
}

describe('hub lanes', () => {
  it('runs one section at a time, case sections in arrival order', async () => {
    const lanes = createSerial();
    const order: string[] = [];
    const a = gate(order, 'a');
    const b = gate(order, 'b');
    const pa = lanes.run(a.fn);
    const pb = lanes.run(b.fn);
    expect(order).toEqual(['a']);
    a.open();
    expect(await pa).toBe('a');
    b.open();
    expect(await pb).toBe('b');
    expect(order).toEqual(['a', 'b']);
  });

  it('starts an alarm before case work that queued earlier, after the section already running', async () => {
    const lanes = createSerial();
    const order: string[] = [];
    const running = gate(order, 'command-0');
    void lanes.run(running.fn);
    const backlog = Array.from({ length: 1000 }, (_, i) => lanes.run(async () => void order.push(`command-${i + 1}`)));
    const alarm = lanes.run(async () => void order.push('alarm'), 'intake');
    expect(lanes.waiting()).toEqual({ intake: 1, cases: 1000 });
    running.open();
    await alarm;
    expect(order).toEqual(['command-0', 'alarm']);
    await Promise.all(backlog);
    expect(order.slice(2)).toEqual(Array.from({ length: 1000 }, (_, i) => `command-${i + 1}`));
  });

  it('lets one case section through after INTAKE_STREAK alarms in a row', async () => {
    const lanes = createSerial();
    const order: string[] = [];
    const first = gate(order, 'alarm-0');
    void lanes.run(first.fn, 'intake');
    const work = [lanes.run(async () => void order.push('command'))];
    for (let i = 1; i <= INTAKE_STREAK + 4; i++) work.push(lanes.run(async () => void order.push(`alarm-${i}`), 'intake'));
    first.open();
    await Promise.all(work);
    expect(order.indexOf('command')).toBe(INTAKE_STREAK);
    expect(order.filter((x) => x.startsWith('alarm'))).toHaveLength(INTAKE_STREAK + 5);
  });

  it('keeps going after a section fails, and passes the failure to its caller', async () => {
    const lanes = createSerial();
    const failed = lanes.run(async () => {
      throw new Error('boom');
    });
    const thrown = lanes.run(() => {
      throw new Error('sync boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync boom');
    expect(await lanes.run(async () => 42, 'intake')).toBe(42);
  });

  it('idle() waits for every queued section', async () => {
    const lanes = createSerial();
    const order: string[] = [];
    const a = gate(order, 'a');
    void lanes.run(a.fn);
    void lanes.run(async () => void order.push('b'), 'intake');
    let idle = false;
    const waiting = lanes.idle().then(() => (idle = true));
    await Promise.resolve();
    expect(idle).toBe(false);
    a.open();
    await waiting;
    expect(order).toEqual(['a', 'b']);
    await lanes.idle();
  });
});
