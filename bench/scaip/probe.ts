/** How a bench run sees alarms land in a store (the console's case store, or the floor's socket client): each alarm's receipt → store delay as it lands. */
export interface StoreProbe {
  /** Alarms in the store so far. */
  count(): number;
  /** Resolves once `n` alarms are in the store. */
  reach(n: number): Promise<void>;
  /** Receipt → store delays seen since the last call (ms). */
  takeDelays(): number[];
  close(): Promise<void>;
}

/** A store probe fed by its receiver: `arrived(n, delayMs)` for n more alarms, the newest that old. */
export function countingProbe(close: () => Promise<void>): { probe: StoreProbe; arrived(n: number, delayMs: number): void } {
  let total = 0;
  let delays: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  return {
    arrived(n, delayMs) {
      total += n;
      delays.push(delayMs);
      for (const w of waiters.filter((x) => x.n <= total)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
    probe: {
      count: () => total,
      reach: (target) => (total >= target ? Promise.resolve() : new Promise((resolve) => waiters.push({ n: target, resolve }))),
      takeDelays: () => [delays, (delays = [])][0]!,
      close,
    },
  };
}
