/** Entry of `npm run journal:verify` (scripts/journal-verify.mjs starts it with tsx). */
import { runJournalVerify } from '../main/journal/verify-cli';

try {
  process.exitCode = runJournalVerify(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.env.VEILLE_VERIFY_CWD });
} catch (err) {
  // Not verified is not "fine": a supervisor must look (exit 1), with the reason.
  process.stderr.write(`journal:verify could not complete: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
