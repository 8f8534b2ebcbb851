/**
 * Reads a new password for `user add` / `user passwd`: the first line of a
 * piped stdin (so scripts can do `echo … | npm run hub -- user add …`), or a
 * prompt without echo, typed twice, when stdin is a terminal.
 */
import type { Readable, Writable } from 'node:stream';
import { AdminRefusal } from './errors';

/** What we need of process.stdin; a TTY stream also has setRawMode. */
export type PasswordInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

/** A password is one line; anything longer than this before a newline is not a password. */
const MAX_LINE = 4096;

export async function readPassword(input: PasswordInput, prompt: Writable): Promise<string> {
  if (input.isTTY && input.setRawMode) {
    const first = await promptHidden(input, prompt, 'Password: ');
    const again = await promptHidden(input, prompt, 'Password again: ');
    if (first !== again) throw new AdminRefusal('The two passwords differ; nothing changed.');
    return first;
  }
  const line = await readFirstLine(input);
  if (line === null) throw new AdminRefusal('No password on standard input (pipe it in, one line, or run in a terminal).');
  return line;
}

/** The first line without its line ending, or null when stdin ends empty. */
export function readFirstLine(input: Readable): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let text = '';
    let any = false;
    const finish = (value: string | null, err?: Error) => {
      input.off('data', onData);
      input.off('end', onEnd);
      input.off('error', onError);
      // Stop reading: the rest of stdin is not ours, and an open stdin keeps the process alive.
      input.pause();
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      any = true;
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl >= 0) return finish(text.slice(0, nl).replace(/\r$/, ''));
      if (text.length > MAX_LINE) finish(null, new AdminRefusal(`The password line is longer than ${MAX_LINE} characters.`));
    };
    const onEnd = () => finish(any ? text.replace(/\r$/, '') : null);
    const onError = (err: Error) => finish(null, err);
    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onError);
    input.resume();
  });
}

/** Raw mode: keys arrive one by one and the terminal prints nothing. */
function promptHidden(input: PasswordInput, prompt: Writable, label: string): Promise<string> {
  // Raw mode before the prompt: a key typed the instant the prompt appears must not be echoed.
  input.setRawMode!(true);
  prompt.write(label);
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      prompt.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new AdminRefusal('Cancelled; nothing changed.'));
        if (ch === '\u007f' || ch === '\b') typed = [...typed].slice(0, -1).join('');
        else if (ch >= ' ') typed += ch;
        if (typed.length > MAX_LINE) return done(new AdminRefusal(`The password is longer than ${MAX_LINE} characters.`));
      }
    };
    input.on('data', onData);
    input.resume();
  });
}
