/**
 * `npm run journal:verify -- <console journal.sqlite> [--hub <hub data dir>]`: the command
 * line around verify.ts, worded for a supervisor. Exit 0 verified, 1 broken, 2 usage
 * (or a file that cannot be checked as asked, e.g. locked by a running console).
 */
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { verifyConsoleFile, verifyHubCopy, VerifyUsageError, type Problem } from './verify';

export const VERIFY_USAGE = `Usage: npm run journal:verify -- <console journal.sqlite> [--hub <hub data dir>]
  Checks a console's journal (every event's hashes, the chain unbroken, nothing deleted at its end)
  and, with --hub, the hub's copy of that console's events (same checks, same events, same hashes;
  events still in the console's outbox are reported as pending, not as a failure).
  Both files are opened read-only; stop the console first (it keeps its journal locked while it runs).
  Exit status: 0 verified, 1 broken (the first break is named, with the event id), 2 usage error.`;

export interface VerifyIo {
  stdout: Writable;
  stderr: Writable;
  cwd?: string;
}

export function runJournalVerify(argv: string[], io: VerifyIo): number {
  const say = (line: string) => void io.stdout.write(line + '\n');
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { hub: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true, strict: true });
  } catch (err) {
    io.stderr.write(`${(err as Error).message}\n\n${VERIFY_USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    say(VERIFY_USAGE);
    return 0;
  }
  if (parsed.positionals.length !== 1) {
    io.stderr.write(`${parsed.positionals.length === 0 ? 'Which console journal? Give its file.' : 'One console journal file at a time.'}\n\n${VERIFY_USAGE}\n`);
    return 2;
  }
  const base = io.cwd ?? process.cwd();
  try {
    const local = verifyConsoleFile(resolve(base, parsed.positionals[0]!));
    say(`Console journal ${local.file}`);
    say(`  console ${local.consoleId}: ${local.count} event(s), ${local.problems.length === 0 ? 'chain intact' : `${local.problems.length} problem(s)`}`);
    const problems: Problem[] = [...local.problems];
    let pending = 0;
    if (parsed.values.hub !== undefined) {
      const hub = verifyHubCopy(resolve(base, parsed.values.hub), local);
      pending = hub.pending;
      say(`Hub copy ${hub.file}`);
      say(`  ${hub.count} event(s) of this console${pending > 0 ? `; ${pending} still in the console's outbox (pending, not yet at the hub)` : ''}${hub.problems.length === 0 ? '; same events, same hashes' : `; ${hub.problems.length} problem(s)`}`);
      // Chain order: the console's seq, then what only the hub holds.
      const seqOf = new Map(local.links.map((l) => [l.id, l.seq]));
      const rank = (p: Problem) => seqOf.get(p.eventId) ?? Number.MAX_SAFE_INTEGER;
      problems.push(...[...hub.problems].sort((a, b) => rank(a) - rank(b)));
    }
    if (problems.length === 0) {
      const refused = [...local.outbox.values()].filter((v) => v !== null).length;
      say(parsed.values.hub !== undefined ? `OK: the journal verifies and the hub holds the same events${pending ? ` (${pending} pending)` : ''}.` : 'OK: the journal verifies.');
      if (refused > 0 && parsed.values.hub === undefined) say(`  Note: ${refused} event(s) were refused by the hub (kept here, see --hub).`);
      return 0;
    }
    const [first] = problems;
    say(`BROKEN: first break at event ${first!.eventId} (${first!.where === 'console' ? 'console journal' : 'hub copy'}): ${first!.text}`);
    if (problems.length > 1) {
      say(`All problems (${problems.length}):`);
      for (const p of problems.slice(0, 50)) say(`  - ${p.where === 'console' ? 'console' : 'hub'}: ${p.text}`);
      if (problems.length > 50) say(`  … and ${problems.length - 50} more`);
    }
    return 1;
  } catch (err) {
    if (err instanceof VerifyUsageError) {
      io.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
