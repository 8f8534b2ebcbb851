/**
 * The hub's lanes: sections that commit a case change and broadcast it, and
 * the short section that reads a snapshot, run one at a time, so deltas go out
 * in commit order and a snapshot is read between two changes, never across one.
 *
 * Two lanes share that one runner. Alarm intake has its own lane and goes
 * first: an alarm waits at most for the one section already running (a single
 * command's transaction, a snapshot's SELECT), never behind the case lane's
 * backlog (a console's burst of commands, snapshots of reconnecting consoles).
 * The case lane keeps its own FIFO order, so one console's commands are
 * applied, and broadcast, in the order they arrived.
 *
 * In an alarm storm the case lane still gets one section after every
 * INTAKE_STREAK intake sections: operators can keep claiming while alarms pour in.
 *
 * Between two sections the runner yields to the event loop, so requests keep
 * being read while a backlog drains.
 *
 * Work that changes no case (journal batches, case.get, logins) stays out of
 * the lanes. SQLite still has one connection: a long transaction anywhere
 * delays intake by its length, so keep transactions short (see maintenance/).
 */
export type Lane = 'intake' | 'cases';

/** Runs `fn` in its lane (default 'cases'); resolves or rejects as `fn` does. */
export type Serial = <T>(fn: () => Promise<T>, lane?: Lane) => Promise<T>;

export const INTAKE_STREAK = 16;

export interface Lanes {
  run: Serial;
  /** Resolves when nothing runs and nothing waits (used by close()). */
  idle(): Promise<void>;
  /** Sections waiting per lane, for logs and tests. */
  waiting(): Record<Lane, number>;
}

export function createSerial(): Lanes {
  const queues: Record<Lane, (() => void)[]> = { intake: [], cases: [] };
  let running = false;
  let streak = 0;
  let idleWaiters: (() => void)[] = [];

  function nextLane(): Lane | null {
    const intake = queues.intake.length > 0;
    const cases = queues.cases.length > 0;
    if (intake && (streak < INTAKE_STREAK || !cases)) return 'intake';
    return cases ? 'cases' : null;
  }

  function pump(): void {
    if (running) return;
    const lane = nextLane();
    if (!lane) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    streak = lane === 'intake' ? streak + 1 : 0;
    running = true;
    queues[lane].shift()!();
  }

  const run: Serial = <T>(fn: () => Promise<T>, lane: Lane = 'cases') =>
    new Promise<T>((resolve, reject) => {
      queues[lane].push(() => {
        let section: Promise<T>;
        try {
          section = fn();
        } catch (err) {
          section = Promise.reject(err as Error);
        }
        section.then(resolve, reject).finally(() => {
          running = false;
          // better-sqlite3 answers synchronously, so back-to-back sections would be one long chain of
          // microtasks and no socket or HTTP request would be read until the backlog is gone: yield
          // to the event loop between two sections (an alarm arriving meanwhile then goes first).
          setImmediate(pump);
        });
      });
      pump();
    });

  return {
    run,
    idle: () =>
      new Promise<void>((resolve) => {
        if (!running && !queues.intake.length && !queues.cases.length) return resolve();
        idleWaiters.push(resolve);
      }),
    waiting: () => ({ intake: queues.intake.length, cases: queues.cases.length }),
  };
}
