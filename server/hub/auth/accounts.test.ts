/** A hub outside demo and its first accounts: it says when nobody can log in, and refuses a weak first admin password. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub } from '../index';
import { captureLogger, login, silent, WARN } from '../test-helpers';
import { HubConfigError } from './users';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'veille-accounts-'));
  dirs.push(d);
  return d;
}

describe('accounts at start, outside demo', () => {
  it('warns that nobody can log in, and how to create an account, when there is none', async () => {
    const cap = captureLogger();
    const hub = await startHub({ dataDir: tempDir(), port: 0, logger: cap.logger, adminPassword: '' });
    try {
      expect(hub.userCount).toBe(0);
      const warned = cap.lines().filter((l) => l.level === WARN && /no user account/.test(l.msg));
      expect(warned).toHaveLength(1);
      expect(warned[0]!.msg).toContain('npm run hub -- user add');
    } finally {
      await hub.close();
    }
  });

  it('refuses a first admin password shorter than 10 characters and creates nothing', async () => {
    const dataDir = tempDir();
    const start = startHub({ dataDir, port: 0, logger: silent, adminPassword: 'court' });
    await expect(start).rejects.toThrow(HubConfigError);
    await expect(start).rejects.toThrow('VEILLE_ADMIN_PASSWORD refused: it must have at least 10 characters');
    // A long enough one creates "admin", who can log in; no warning then.
    const cap = captureLogger();
    const hub = await startHub({ dataDir, port: 0, logger: cap.logger, adminPassword: 'assez-long-1' });
    try {
      expect(hub.userCount).toBe(1);
      expect((await login(hub.url, 'admin', 'assez-long-1')).operator.role).toBe('admin');
      expect(cap.lines().filter((l) => /no user account/.test(l.msg))).toEqual([]);
    } finally {
      await hub.close();
    }
    // Once an admin exists the variable is not used, so a stale short one does not keep the hub down.
    const again = await startHub({ dataDir, port: 0, logger: silent, adminPassword: 'court' });
    await again.close();
  });
});
