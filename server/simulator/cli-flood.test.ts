/** `npm run hub -- --demo --flood <site>` as a real child process: the start line, then the flood's summary; a bad site is a usage error. */
import { describe, expect, it } from 'vitest';
import { useHubCli } from '../hub/cli-test-helpers';

const cli = useHubCli('veille-flood-cli-');

function output(child: ReturnType<typeof cli.spawnCli>, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) resolve(out);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${until}: ${out}`)));
  });
}

describe('hub CLI flood', () => {
  it('starts a flood at one site over SCAIP and prints what was sent, acknowledged and lost', async () => {
    const dir = cli.tempDir();
    const child = cli.spawnCli(['--demo', '--port', '0', '--data-dir', dir, '--rate', '0', '--flood', 'school-0441482x', '--flood-alarms', '30', '--flood-beacons', '6', '--flood-spread-s', '0']);
    const out = await output(child, /Flood at .*\n/);
    const start = out.split('\n').find((l) => l.startsWith('Veille hub listening on '))!;
    expect(start).toMatch(/; simulated beacons over SCAIP from 127\.0\.0\.2:\d+;.*; flood at school-0441482x: 30 alarms from 6 classroom beacons\)$/);
    expect(out).toMatch(/Flood at school-0441482x: 30 alarms, 90 messages sent, 90 acknowledged, 0 lost, in \d+\.\d s/);
  }, 30_000);

  it('refuses an unknown site with a clear message (exit 2)', async () => {
    const child = cli.spawnCli(['--demo', '--port', '0', '--data-dir', cli.tempDir(), '--flood', 'nowhere']);
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/^flood: no site "nowhere" in the directory \(e\.g\. /);
  }, 30_000);
});
