import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../testing/fixtures';
import { createConsoleLog, type ConsoleLog } from './logger';

let tmp: ReturnType<typeof tempDir>;
const opened: ConsoleLog[] = [];

beforeEach(() => {
  tmp = tempDir('veille-logs-');
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close();
  tmp.remove();
});

function open(level = 'info'): ConsoleLog {
  const log = createConsoleLog(level);
  opened.push(log);
  return log;
}

/** console.log.N files, oldest first. */
function logFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^console\.log\.\d+$/.test(f))
    .sort((a, b) => Number(a.split('.').pop()) - Number(b.split('.').pop()));
}

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { msg: string; n?: number; level: number });

/** A logging console does not write in bursts: one record per turn of the event loop, like alarms arriving. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('console log files', () => {
  it('writes JSON records under <dataDir>/logs', async () => {
    const log = open();
    const dir = await log.writeFiles(tmp.dir);
    expect(dir).toBe(join(tmp.dir, 'logs'));
    log.logger.info({ hub: 'http://h' }, 'console started');
    log.logger.debug('not at info level');
    const [file] = logFiles(dir!);
    expect(linesOf(join(dir!, file!))).toEqual([expect.objectContaining({ msg: 'console started', hub: 'http://h', app: 'veille-console' })]);
  });

  it('rotates by size and keeps only the newest files, which end with the last record', async () => {
    const log = open();
    const dir = (await log.writeFiles(tmp.dir, { maxSize: '400b', keep: 3 }))!;
    for (let n = 0; n < 60; n++) {
      log.logger.info({ n }, 'alarm received');
      await nextTurn();
    }
    await vi.waitFor(() => expect(logFiles(dir)).toHaveLength(3));
    const files = logFiles(dir);
    expect(Number(files[2]!.split('.').pop())).toBeGreaterThan(10);
    // Each closed file stopped at the limit (plus the record that crossed it).
    for (const f of files.slice(0, 2)) expect(statSync(join(dir, f)).size).toBeLessThan(400 + 200);
    const kept = files.flatMap((f) => linesOf(join(dir, f)).map((l) => l.n));
    expect(kept.at(-1)).toBe(59);
    // What is kept is the end of the story, in order, without holes.
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 60 - kept.length + i));
  });

  it('goes on in the newest file after a restart instead of starting over at 1', async () => {
    const first = open();
    const dir = (await first.writeFiles(tmp.dir, { maxSize: '400b', keep: 3 }))!;
    for (let n = 0; n < 20; n++) {
      first.logger.info({ n }, 'before restart');
      await nextTurn();
    }
    await vi.waitFor(() => expect(logFiles(dir)).toHaveLength(3));
    await first.close();
    const before = logFiles(dir);
    const newest = before.at(-1)!;

    const second = open();
    await second.writeFiles(tmp.dir, { maxSize: '400b', keep: 3 });
    second.logger.info('after restart');
    expect(logFiles(dir)).toEqual(before);
    expect(linesOf(join(dir, newest)).at(-1)?.msg).toBe('after restart');
  });

  it('keeps logging (to stderr) when the log folder cannot be created', async () => {
    const notAFolder = join(tmp.dir, 'data');
    writeFileSync(notAFolder, 'a file where the data folder should be');
    const log = open();
    await expect(log.writeFiles(notAFolder)).resolves.toBeNull();
    expect(() => log.logger.info('still here')).not.toThrow();
  });
});
