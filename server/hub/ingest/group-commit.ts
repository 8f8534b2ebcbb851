/**
 * Group commit for alarm intake. An fsync'd SQLite commit costs milliseconds, so one commit
 * per alarm caps a receiver at a few hundred alarms a second. Alarms that arrive while a
 * commit is running wait, and the next run takes all of them (up to `maxBatch`) in one
 * transaction: one fsync for the lot. Every caller is answered only after the commit that
 * holds its alarm, so "acknowledged" still means "stored".
 *
 * If a batch fails, each of its items runs again on its own, so one bad alarm never takes
 * the others down with it; only that alarm's caller gets the error.
 */
export interface GroupCommitOptions {
  /** Largest batch in one transaction; default 200. */
  maxBatch?: number;
}

interface Pending<I, O> {
  item: I;
  resolve: (o: O) => void;
  reject: (e: unknown) => void;
}

export type GroupCommit<I, O> = (item: I) => Promise<O>;

/**
 * `runBatch` commits all items in one transaction and returns one result per item, in order;
 * it is also called with a single item to isolate a failure.
 */
export function createGroupCommit<I, O>(runBatch: (items: I[]) => Promise<O[]>, opts: GroupCommitOptions = {}): GroupCommit<I, O> {
  const maxBatch = opts.maxBatch ?? 200;
  const queue: Pending<I, O>[] = [];
  let running = false;

  async function runOne(p: Pending<I, O>): Promise<void> {
    try {
      const [out] = await runBatch([p.item]);
      p.resolve(out as O);
    } catch (err) {
      p.reject(err);
    }
  }

  async function drain(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        if (batch.length === 1) {
          await runOne(batch[0]!);
          continue;
        }
        let outs: O[] | null = null;
        try {
          outs = await runBatch(batch.map((p) => p.item));
        } catch {
          for (const p of batch) await runOne(p);
        }
        if (outs) batch.forEach((p, i) => p.resolve(outs[i] as O));
      }
    } finally {
      running = false;
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Wait one turn of the event loop, so what the sockets already hold joins this batch.
      if (!running) {
        running = true;
        setImmediate(() => void drain());
      }
    });
}
