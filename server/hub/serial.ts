/**
 * Runs async sections one after another. The hub puts "commit + broadcast" and
 * "read snapshot + send + join room" in it, so a console never gets a delta
 * older than its snapshot nor misses one committed in between.
 */
export type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

export function createSerial(): { run: Serial; idle(): Promise<void> } {
  let tail: Promise<unknown> = Promise.resolve();
  const run: Serial = (fn) => {
    const next = tail.then(fn, fn);
    tail = next.catch(() => undefined);
    return next;
  };
  return { run, idle: () => tail.then(() => undefined) };
}
