/**
 * The demo a newcomer starts (no hub given): the console boots its embedded hub and the
 * simulator, whose beacons call after snu 0 + mre. Taking a case with voice brings the
 * beacon's call to this console; closing the case ends it. The whole console core, no mock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type { CallView } from '@shared/contract/voice';
import type { Case } from '@shared/domain/case';
import { bootCore, type Core } from '../../boot/core';
import { silentLogger } from '../../log/logger';

let core: Core | undefined;
let dataDir = '';
afterEach(async () => {
  await core?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  core = undefined;
});

let nextId = 1;
async function ask<T>(c: Core, method: string, args: unknown = {}): Promise<T> {
  const res = await c.host.handle({ kind: 'req', id: nextId++, method, args }, { transport: 'test' });
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.result as T;
}

it('demo: the operator takes a case with voice, the simulated beacon calls this console; closing the case ends the call', async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'veille-demo-voice-'));
  core = await bootCore({ config: { dataDir, hubUrl: null, simRate: 60, sim: true }, logger: silentLogger(), app: { version: '0.0.0-test', runtime: 'browser', capabilities: { nativeNotifications: false } } });
  await ask(core, 'session.login', { username: 'operateur1', password: 'veille-demo' });

  let target: Case | undefined;
  await vi.waitFor(
    () => {
      target = core!.services.link.cases().find((c) => c.status === 'open' && c.voiceMode !== 'none' && !c.drill);
      expect(target).toBeDefined();
    },
    { timeout: 60_000, interval: 200 },
  );
  await ask(core, 'cases.claim', { caseId: target!.id });

  let call: CallView | undefined;
  await vi.waitFor(
    async () => {
      const { calls } = await ask<{ calls: CallView[] }>(core!, 'voice.calls');
      call = calls.find((c) => c.caseId === target!.id && c.phase === 'connected');
      expect(call).toMatchObject({ party: 'beacon', direction: 'inbound', recording: true, mode: target!.voiceMode === 'listen' ? 'listen' : 'talk' });
    },
    { timeout: 60_000, interval: 200 },
  );

  await ask(core, 'cases.close', { caseId: target!.id, closureCode: 'drill' });
  await vi.waitFor(
    async () => {
      const { calls } = await ask<{ calls: CallView[] }>(core!, 'voice.calls');
      expect(calls.find((c) => c.callId === call!.callId)).toMatchObject({ phase: 'ended', outcome: 'answered' });
    },
    { timeout: 30_000, interval: 200 },
  );
  const recordings = await ask<unknown[]>(core, 'voice.recordings', { caseId: target!.id });
  expect(recordings).toHaveLength(1);
}, 180_000);
