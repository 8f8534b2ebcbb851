// The same console under a real Electron runtime. Electron cannot be downloaded on our CI
// machines, so this reports itself skipped there; where the runtime exists it must pass.
import { _electron as electron, expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { electronBinary } from '../scripts/lib/electron-runtime.mjs';
import { tempDataDir } from './fixtures/processes';

const root = fileURLToPath(new URL('..', import.meta.url));
const binary = electronBinary(root);

test('Electron: hardened window shows the login screen in French', async () => {
  test.skip(!binary, 'Electron runtime not installed on this machine (browser mode is tested instead)');
  const app = await electron.launch({
    executablePath: binary!,
    args: [root, '--data-dir', tempDataDir('electron'), '--no-sim'],
    cwd: root,
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByRole('button', { name: 'Se connecter' })).toBeVisible();
    // The renderer must not reach Node: contextIsolation + sandbox, no nodeIntegration.
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (globalThis as { veilleApi?: unknown }).veilleApi)).toBe('object');
  } finally {
    await app.close();
  }
});
