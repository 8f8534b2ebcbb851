/** The grouping flags of `npm run hub`, run as a real child process. */
import { expect, it } from 'vitest';
import { useHubCli } from '../cli-test-helpers';

const { spawnCli, tempDir } = useHubCli('veille-grouping-cli-');

function run(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawnCli(['--port', '0', '--data-dir', tempDir(), ...args]);
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res) => child.on('exit', (code) => res({ code, err })));
}

it('refuses a grouping window that is not whole seconds from 0 to a day, with exit 2 and the flag named', { timeout: 60_000 }, async () => {
  const bad = await run(['--group-window-s', '10m']);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain('Invalid --group-window-s (whole seconds, 0 to 86400): 10m');
  expect(bad.err).toContain('--restore-window-s <n>');
  const negative = await run(['--restore-window-s=1.5']);
  expect(negative.code).toBe(2);
  expect(negative.err).toContain('Invalid --restore-window-s (whole seconds, 0 to 86400): 1.5');
});
