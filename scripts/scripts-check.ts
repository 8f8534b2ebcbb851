/**
 * npm run scripts:check [-- <file.yaml>… | --dir <folder>] [--directory <directory.json>]
 *
 * Validates every script file and walks every path of every script: YAML and schema
 * errors, unreachable steps, dead ends, missing contacts, a drill that could reach
 * 17 / 18 / 15. Each problem is printed as file:line: message; exit status 1 if any.
 * With no file named, the whole folder (default resources/scripts) is checked as a
 * catalogue too: a default script for every alarm kind, a drill script for every
 * life-safety kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from "node:path";
import { Directory } from '@shared/domain/site';
import { checkCatalogue } from '@shared/scripts/catalogue';
import { formatProblem } from '@shared/scripts/parse';
import { loadScriptFolder } from '../main/scripts/load';

const root = resolve(import.meta.dirname, '..');
const cwd = process.env.VEILLE_VERIFY_CWD ?? process.cwd();
const args = process.argv.slice(2);
const abs = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
let dir = join(root, 'resources', 'scripts');
let directoryFile = join(root, 'resources', 'demo', 'directory.json');
const files: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i] as string;
  if (a === '--dir') dir = abs(args[++i] ?? '');
  else if (a === '--directory') directoryFile = abs(args[++i] ?? '');
  else files.push(abs(a));
}

const folder = loadScriptFolder(dir, { files: files.length > 0 ? files : undefined, cwd });
const lines = folder.problems.map(formatProblem);
if (files.length === 0) {
  const sites = existsSync(directoryFile) ? Directory.parse(JSON.parse(readFileSync(directoryFile, 'utf8'))).sites : null;
  for (const p of checkCatalogue(folder.scripts, folder.centre, sites)) {
    const file = p.scriptId ? (folder.files.get(p.scriptId) ?? p.scriptId) : relative(cwd, folder.dir) || folder.dir;
    lines.push(`${file}:1: ${p.message}${p.step !== undefined ? ` (step ${p.step + 1})` : ""}`);
  }
}
if (lines.length > 0) {
  for (const l of lines) console.error(l);
  console.error(`scripts:check: ${lines.length} problem${lines.length > 1 ? "s" : ""}`);
  process.exit(1);
}
console.log(`scripts:check: ${folder.scripts.length} script(s) valid, every path ends in a closure${files.length === 0 ? ', every alarm kind covered' : ''}`);
