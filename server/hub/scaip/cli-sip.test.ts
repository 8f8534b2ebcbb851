/** The hub's SCAIP flags as an operator uses them (the command line as a child process). */
import { createSocket } from 'node:dgram';
import { expect, it } from 'vitest';
import { useHubCli } from '../cli-test-helpers';

const { spawnCli, tempDir } = useHubCli('veille-cli-sip-');

function run(args: string[]) {
  const child = spawnCli(['--port', '0', '--data-dir', tempDir(), ...args]);
  const io = { out: '', err: '' };
  child.stdout.on('data', (d: Buffer) => (io.out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (io.err += d.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  const listening = new Promise<string>((res, rej) => {
    child.stdout.on('data', () => {
      const line = /Veille hub listening on .*\n/.exec(io.out)?.[0];
      if (line) res(line);
    });
    void exited.then((code) => rej(new Error(`hub exited ${code}: ${io.err}`)));
  });
  // Awaited only by the tests that expect a start; an early exit elsewhere is the point.
  listening.catch(() => undefined);
  return { child, io, exited, listening };
}

it('says plainly that the SIP port is taken and exits with status 2, nothing half-started', { timeout: 60_000 }, async () => {
  const squatter = createSocket('udp4');
  await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', () => resolve()));
  const port = squatter.address().port;
  try {
    const hub = run(['--sip-host', '127.0.0.1', '--sip-port', String(port)]);
    expect(await hub.exited).toBe(2);
    expect(hub.io.err).toContain(`Veille hub failed to start: SIP UDP port 127.0.0.1:${port} cannot be opened: already in use (choose another with --sip-host / --sip-port, or --no-sip)`);
    expect(hub.io.out).not.toMatch(/listening/);
  } finally {
    squatter.close();
  }
});

it('prints the SCAIP address it listens on, and none with --no-sip', { timeout: 60_000 }, async () => {
  const hub = run(['--sip-host', '127.0.0.1', '--sip-port', '0']);
  expect(await hub.listening).toMatch(/^Veille hub listening on http:\/\/127\.0\.0\.1:\d+ \(SCAIP on sip:127\.0\.0\.1:\d+ UDP\)\n$/);
  // Its stop on SIGTERM is the CLI's own business (cli.test.ts); here only the line matters.
  hub.child.kill('SIGKILL');
  await hub.exited;
  const plain = run(['--no-sip']);
  expect(await plain.listening).toMatch(/^Veille hub listening on http:\/\/127\.0\.0\.1:\d+\n$/);
});

it('refuses a SIP port that is not one (exit 2)', { timeout: 60_000 }, async () => {
  const hub = run(['--sip-port', '70000']);
  expect(await hub.exited).toBe(2);
  expect(hub.io.err).toContain('Invalid SIP port: 70000');
});
