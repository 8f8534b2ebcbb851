/**
 * Test console for the voice service: a real journal in a temp folder, a real hub link
 * logged in as an operator, and the voice service on 127.0.0.3 (the hub is on 127.0.0.1: the sip package will not send to its own address), registered at the hub,
 * with a MockAudioPort in place of the renderer. Not used in production.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { CallView } from '@shared/contract/voice';
import { HubLink } from '../../../hub-link/hub-link';
import { openJournal, type Journal } from '../../../journal/journal';
import { startVoice, type RunningVoice } from '../../index';
import { MockAudioPort } from './audio-port.mock';

export interface VoiceTestConsole {
  dataDir: string;
  journal: Journal;
  link: HubLink;
  voice: RunningVoice;
  audio: MockAudioPort;
  /** Every voice.calls push, oldest first. */
  pushes: CallView[][];
  levels: { callId: string; peer: number; operator: number }[];
  /** The latest view of a call. */
  call(callId: string): CallView | undefined;
  journalOf(type: string): Record<string, unknown>[];
  close(): Promise<void>;
}

const silent = pino({ level: process.env.VOICE_DEBUG ? 'debug' : 'silent' });

export async function startVoiceConsole(o: { hubUrl: string; username: string; password?: string; trunk?: string | null; sipHost?: string }): Promise<VoiceTestConsole> {
  const dataDir = mkdtempSync(join(tmpdir(), 'veille-voice-'));
  const journal = openJournal(join(dataDir, 'journal.sqlite'), { logger: silent });
  const link = new HubLink({ hubUrl: o.hubUrl, logger: silent, consoleId: journal.consoleId });
  const voice = startVoice({ dataDir, journal, link, logger: silent, sipHost: o.sipHost ?? '127.0.0.3', sipPort: 0, trunk: o.trunk ?? null });
  const audio = new MockAudioPort();
  voice.attachAudio(audio);
  const pushes: CallView[][] = [];
  const levels: VoiceTestConsole['levels'] = [];
  voice.onCalls((calls) => pushes.push(calls));
  voice.onLevel((l) => levels.push(l));
  await link.login(o.username, o.password ?? 'veille-demo');
  // The UA starts once the link is up (login waits for the first snapshot): wait for it and its REGISTER.
  if (!link.isConnected()) await new Promise<void>((resolve) => link.once('connected', () => resolve()));
  voice.sip.sync();
  const session = await voice.sip.ready();
  if (!session) throw new Error('the voice service has no SIP session after login');
  if (session.ua.registration.state !== 'registered') {
    throw new Error(`the console is not registered at the hub: ${JSON.stringify(session.ua.registration)} (${session.unavailable ?? 'credentials received'})`);
  }
  return {
    dataDir,
    journal,
    link,
    voice,
    audio,
    pushes,
    levels,
    call: (callId) => pushes.at(-1)?.find((c) => c.callId === callId),
    journalOf: (type) =>
      journal
        .list({ limit: 1000 })
        .filter((e) => e.type === type)
        .reverse()
        .map((e) => ({ ...e.payload, _caseId: e.caseId, _operatorId: e.operatorId })),
    async close() {
      audio.stop();
      await voice.stop();
      await link.close();
      journal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
