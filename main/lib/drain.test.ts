import { afterEach, expect, it, vi } from 'vitest';
import { Drain } from './drain';

afterEach(() => vi.useRealTimers());

it('runs one pass at a time, one more for triggers that came during it, and backs off after a failure', async () => {
  vi.useFakeTimers();
  const passes: number[] = [];
  let fail = false;
  let release: () => void = () => {};
  const drain: Drain = new Drain(
    async () => {
      passes.push(Date.now());
      await new Promise<void>((r) => (release = r));
      if (fail) drain.retry();
      else drain.succeeded();
    },
    { minMs: 100, maxMs: 300 },
  );
  drain.trigger();
  drain.trigger();
  drain.trigger(); // three asks during the first pass: one more pass, not three
  release();
  await vi.advanceTimersByTimeAsync(0);
  release();
  await vi.advanceTimersByTimeAsync(0);
  expect(passes).toHaveLength(2);
  expect(drain.running).toBeNull();

  fail = true;
  const t0 = Date.now();
  drain.trigger();
  drain.trigger(); // asked during a pass that fails: the backoff decides, not this trigger
  release();
  await vi.advanceTimersByTimeAsync(0);
  expect(drain.backingOff).toBe(true);
  expect(passes).toHaveLength(3);
  await vi.advanceTimersByTimeAsync(99);
  expect(passes).toHaveLength(3);
  await vi.advanceTimersByTimeAsync(1); // 100 ms, then 200, then 300 at most
  expect(passes.slice(3)).toEqual([t0 + 100]);
  release();
  await vi.advanceTimersByTimeAsync(200);
  release();
  await vi.advanceTimersByTimeAsync(300);
  expect(passes.slice(3).map((t) => t - t0)).toEqual([100, 300, 600]);

  drain.stop();
  release();
  await vi.advanceTimersByTimeAsync(1000);
  drain.trigger();
  expect(passes).toHaveLength(6);
});
