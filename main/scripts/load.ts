/**
 * Reads the centre's script folder: every *.yaml script, the centre-wide contacts and
 * the holiday list (centre/). A bad file is reported with its lines and left out; the
 * others still load, so one typo never leaves the operators without procedures.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CentreContacts, Holidays } from '@shared/scripts/catalogue';
import { parseScriptText, type FileProblem } from '@shared/scripts/parse';
import type { Script } from '@shared/scripts/schema';

export interface ScriptFolder {
  dir: string;
  scripts: Script[];
  /** Which file each script came from (for messages). */
  files: Map<string, string>;
  centre: CentreContacts;
  holidays: string[];
  problems: FileProblem[];
}

function readYaml<T>(file: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, fallback: T, problems: FileProblem[], shown: string): T {
  if (!existsSync(file)) {
    problems.push({ file: shown, line: 1, message: 'file missing' });
    return fallback;
  }
  try {
    const r = schema.safeParse(parseYaml(readFileSync(file, 'utf8')));
    if (r.success) return r.data;
    for (const i of r.error.issues) problems.push({ file: shown, line: 1, message: `${i.path.map(String).join('.')}: ${i.message}` });
  } catch (err) {
    problems.push({ file: shown, line: 1, message: `YAML: ${(err as Error).message.split('\n')[0]}` });
  }
  return fallback;
}

/** `files`: particular script files to read instead of every *.yaml of the folder. */
export function loadScriptFolder(dir: string, opts: { files?: string[]; cwd?: string } = {}): ScriptFolder {
  const cwd = opts.cwd ?? process.cwd();
  const shown = (f: string) => relative(cwd, f) || f;
  const problems: FileProblem[] = [];
  const scripts: Script[] = [];
  const files = new Map<string, string>();
  const list = opts.files ?? (existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort().map((f) => join(dir, f)) : []);
  for (const file of list) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file: shown(file), line: 1, message: `unreadable: ${(err as Error).message}` });
      continue;
    }
    const r = parseScriptText(text, shown(file));
    problems.push(...r.problems);
    if (r.ok) {
      scripts.push(r.script);
      files.set(r.script.id, shown(file));
    }
  }
  const centre = readYaml(join(dir, 'centre', 'contacts.yaml'), CentreContacts, {}, problems, shown(join(dir, 'centre', 'contacts.yaml')));
  const holidays = readYaml(join(dir, 'centre', 'holidays.yaml'), Holidays, [], problems, shown(join(dir, 'centre', 'holidays.yaml')));
  return { dir, scripts, files, centre, holidays, problems };
}
