/** The browser-mode token kept in <dataDir>/browser-token (real files in a temp dir). */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { silent, tempDir } from '../testing/fixtures';
import { loadBrowserToken, TOKEN_FILE } from './browser-token';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.remove());

const load = (o: { override?: string | null; rotate?: boolean } = {}) =>
  loadBrowserToken({ dataDir: join(tmp.dir, 'data'), override: o.override ?? null, rotate: o.rotate ?? false, logger: silent });
const file = () => join(tmp.dir, 'data', TOKEN_FILE);
const mode = () => statSync(file()).mode & 0o777;

it('creates 32 random bytes (base64url) in a 0600 file at first start, then reuses them', () => {
  const first = load();
  expect(first).toMatchObject({ source: 'created', file: file() });
  expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(first.token, 'base64url')).toHaveLength(32);
  expect(readFileSync(file(), 'utf8').trim()).toBe(first.token);
  expect(mode()).toBe(0o600);
  expect(load()).toMatchObject({ source: 'kept', token: first.token });
});

it('--new-token replaces the kept token; --token is used for one launch and never written', () => {
  const first = load().token;
  const rotated = load({ rotate: true });
  expect(rotated.source).toBe('rotated');
  expect(rotated.token).not.toBe(first);
  expect(mode()).toBe(0o600);
  expect(load().token).toBe(rotated.token);
  const flag = load({ override: 'jeton-de-cette-session-1234' });
  expect(flag).toMatchObject({ source: 'flag', token: 'jeton-de-cette-session-1234' });
  expect(load().token).toBe(rotated.token);
});

it('--token on a fresh data dir leaves no file behind', () => {
  load({ override: 'jeton-de-cette-session-1234' });
  expect(existsSync(file())).toBe(false);
});

it('replaces a file that holds no valid token, and makes a file readable by others private', () => {
  const first = load().token;
  writeFileSync(file(), 'not a token!\n');
  const replaced = load();
  expect(replaced.source).toBe('replaced');
  expect(replaced.token).not.toBe(first);
  chmodSync(file(), 0o644);
  expect(load()).toMatchObject({ source: 'kept', token: replaced.token });
  expect(mode()).toBe(0o600);
});
