/**
 * Reads a script file: YAML → zod → path checks, every problem with its line (the
 * `yaml` package's LineCounter), so an administrator sees « intrusion.yaml:42 » and not
 * a stack trace. Pure (text in, result out): the console, scripts:check and the tests share it.
 */
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { checkScript } from './graph';
import { Script } from './schema';

export interface FileProblem {
  file: string;
  line: number;
  message: string;
}

export type ParsedScript = { ok: true; script: Script; problems: [] } | { ok: false; script: Script | null; problems: FileProblem[] };

/** Line (1-based) of the deepest node that exists along `path`. */
function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return 1;
}

export function parseScriptText(text: string, file: string): ParsedScript {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      script: null,
      problems: doc.errors.map((e) => ({ file, line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line, message: `YAML: ${e.message.split('\n')[0]}` })),
    };
  }
  const parsed = Script.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      ok: false,
      script: null,
      problems: parsed.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== 'symbol');
        return { file, line: lineOf(doc, counter, path), message: `${path.join('.') || '(script)'}: ${i.message}` };
      }),
    };
  }
  const script = parsed.data;
  const problems = checkScript(script).map((p) => ({
    file,
    line: p.step === null ? lineOf(doc, counter, ['steps']) : lineOf(doc, counter, ['steps', p.step, p.field ?? 'id']),
    message: p.message,
  }));
  return problems.length === 0 ? { ok: true, script, problems: [] } : { ok: false, script, problems };
}

/** « file:line: message », the way compilers say it (editors jump to it). */
export function formatProblem(p: FileProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}
