/**
 * Provisioning a beacon with the admin commands (the same runAdmin the CLI calls) beside a
 * running hub that is NOT in demo mode: the beacon's SCAIP messages are accepted at once,
 * and refused (401) once it is removed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../admin/run';
import { startHub, type RunningHub } from '../index';
import { silent, TEST_DIRECTORY } from '../test-helpers';
import { mrqXml, runSipp, stopAllSipp } from './sipp/sipp-runner';

let hub: RunningHub | undefined;
let dataDir = '';
afterEach(async () => {
  await stopAllSipp();
  await hub?.close();
  hub = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function admin(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) => new Writable({ write: (chunk: Buffer | string, _enc, done) => (append(chunk.toString()), done()) });
  const code = await runAdmin([...args, '--data-dir', dataDir], {
    stdin: Readable.from([stdin]),
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    env: {},
  });
  return { code, out, err };
}

describe('beacon add / list / remove', () => {
  it('provisions a beacon the running hub accepts at once, lists it without any secret, and refuses it once removed', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'veille-beacon-'));
    hub = await startHub({ dataDir, port: 0, directory: TEST_DIRECTORY, logger: silent, sip: { host: '127.0.0.1', port: 0 } });
    const sip = hub.sip!;
    const password = 'balise-B1-secret';

    // Before provisioning: an unknown beacon.
    const before = await runSipp({ scenario: 'luc-refused.xml', vars: { BODY: mrqXml({ ref: 'P0', cid: '1', dty: '0003' }) }, target: sip, beaconId: 'B-1', password });
    expect((await before.done).code).toBe(0);

    expect(await admin(['beacon', 'add', 'B-1', '--site', 'school-test'], `${password}\n`)).toMatchObject({
      code: 0,
      out: 'Beacon "B-1" (site school-test) added: it authenticates as user "B-1", realm "veille".\n',
    });
    const accepted = await runSipp({ scenario: 'luc-message.xml', vars: { BODY: mrqXml({ ref: 'P1', cid: '1', dty: '0002', stc: '0010' }), COUNT: 1, EXPECT_SNU: 4 }, target: sip, beaconId: 'B-1', password });
    expect((await accepted.done).code).toBe(0);

    const list = await admin(['beacon', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^BEACON\s+SITE\s+CREATED\s+CHANGED\nB-1\s+school-test\s+\S+\s+\S+\n$/);

    expect(await admin(['beacon', 'remove', 'B-1'])).toMatchObject({ code: 0, out: 'Beacon "B-1" removed; its messages are refused from now on.\n' });
    const after = await runSipp({ scenario: 'luc-refused.xml', vars: { BODY: mrqXml({ ref: 'P2', cid: '1', dty: '0003' }) }, target: sip, beaconId: 'B-1', password });
    expect((await after.done).code).toBe(0);
  });

  it.each([
    [['beacon', 'add', 'B-1'], '"beacon add" needs --site <siteId>'],
    [['beacon', 'add', 'B 1', '--site', 's'], 'Invalid beacon id "B 1"'],
    [['beacon', 'list', '--site', 's'], '--site is only for "beacon add".'],
    [['beacon', 'remove'], '"beacon remove" takes exactly one beacon id.'],
    [['beacon', 'rename', 'B-1'], 'Unknown command "beacon rename".'],
  ])('refuses %j as a usage error (exit 2)', async (args, message) => {
    dataDir = mkdtempSync(join(tmpdir(), 'veille-beacon-'));
    const r = await admin(args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('refuses a short password and an unknown beacon removal (exit 1)', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'veille-beacon-'));
    expect(await admin(['beacon', 'add', 'B-1', '--site', 'school-test'], 'short\n')).toMatchObject({ code: 1 });
    expect(await admin(['beacon', 'remove', 'B-9'])).toMatchObject({ code: 1, err: 'No beacon "B-9".\n' });
  });
});
