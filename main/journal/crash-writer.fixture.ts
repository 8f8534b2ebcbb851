/**
 * Test fixture (run by journal-crash.test.ts in a child process): appends
 * events forever and prints each committed id, until it is killed with SIGKILL.
 */
import { openJournal } from './journal';

const file = process.argv[2];
if (!file) throw new Error('usage: crash-writer <journal file>');
const journal = openJournal(file);
for (let i = 0; ; i++) {
  const e = journal.append({ operatorId: 'op-crash', caseId: `c${i}`, type: 'case.claimed', payload: { i } });
  process.stdout.write(`${e.id}\n`);
  if (i % 50 === 0) await new Promise((r) => setTimeout(r, 1));
}
