/** Local journal write (the operator's commit): event + outbox row, WAL, synchronous=FULL. */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openJournal } from '../main/journal/journal';
import { summarize, type Summary } from './stats';

export type JournalAppendResult = { appendMs: Summary; perSecond: number };

export function benchJournalAppend(dataDir: string, count = 2000): JournalAppendResult {
  const journal = openJournal(join(dataDir, 'journal.sqlite'));
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    journal.append({ operatorId: 'bench', caseId: `case-${i % 50}`, type: 'case.claimed', payload: { i } });
    times.push(performance.now() - t0);
  }
  const total = performance.now() - start;
  journal.close();
  return { appendMs: summarize(times), perSecond: Math.round((count / total) * 1000) };
}
