/** Test fixture: a real hub with its SCAIP port on 127.0.0.1, the answers it sends awaitable. Not used in production. */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { captureLogger, startFixture, type Fixture } from '../test-helpers';
import type { Mrs } from './message';
import type { MrsSenderOptions } from './mrs-sender';

export interface ScaipTestHub {
  f: Fixture;
  sip: { host: string; port: number };
  answers: { beaconId: string; mrs: Mrs }[];
  /** Resolves once `n` answers match. */
  answered(pred: (mrs: Mrs, beaconId: string) => boolean, n?: number): Promise<void>;
  /** The hub's log lines (warnings for refused messages). */
  logs: ReturnType<typeof captureLogger>['lines'];
  /** Alarm rows stored with this reference (read from the hub's database file). */
  alarmsWithRef(ref: string): number;
}

export async function startScaipTestHub(opts: { tcp?: boolean; mrs?: MrsSenderOptions; nonceTtlMs?: number } = {}): Promise<ScaipTestHub> {
  const answers: ScaipTestHub['answers'] = [];
  const waiters: (() => void)[] = [];
  const { logger, lines } = captureLogger();
  const f = await startFixture(undefined, {
    logger: logger as unknown as pino.Logger,
    sip: {
      host: '127.0.0.1',
      port: 0,
      tcp: opts.tcp,
      mrs: opts.mrs,
      nonceTtlMs: opts.nonceTtlMs,
      onAnswer: (beaconId, mrs) => {
        answers.push({ beaconId, mrs });
        for (const w of [...waiters]) w();
      },
    },
  });
  const sip = f.hub.sip;
  if (!sip) throw new Error('the hub opened no SIP port');
  return {
    f,
    sip,
    answers,
    logs: lines,
    answered(pred, n = 1) {
      return new Promise<void>((resolve) => {
        const check = () => {
          if (answers.filter((a) => pred(a.mrs, a.beaconId)).length < n) return;
          const i = waiters.indexOf(check);
          if (i >= 0) waiters.splice(i, 1);
          resolve();
        };
        waiters.push(check);
        check();
      });
    },
    alarmsWithRef(ref) {
      const db = new Database(join(f.dataDir, 'hub.sqlite'), { readonly: true });
      try {
        const a = db.prepare('select count(*) as n from alarms where reference = ?').get(ref) as { n: number };
        const loose = db.prepare("select count(*) as n from sqlite_master where name = 'loose_alarms'").get() as { n: number };
        const l = loose.n ? (db.prepare('select count(*) as n from loose_alarms where reference = ?').get(ref) as { n: number }).n : 0;
        return a.n + l;
      } finally {
        db.close();
      }
    },
  };
}
