/**
 * The console's calls: a beacon's own call (routed by the hub with X-Veille-Case), a
 * callback to a case's beacon, a technical test call, and call-outs to 17, 18, 15 or a
 * contact through the trunk, bridged with the beacon when the operator wants the outside
 * party to hear it. Every call passes the privacy guard; every change is journaled and
 * pushed to the renderer (voice.calls); a case closed or released, a logout or a shutdown
 * clears its calls down (DTMF 0 to a beacon first, then BYE).
 */
import { ulid } from 'ulid';
import type { Logger } from 'pino';
import { ApiError } from '@shared/contract/errors';
import type { CallContact, CallView, VoiceMode } from '@shared/contract/voice';
import type { Case } from '@shared/domain/case';
import { VOICE_SIP_HEADERS } from '@shared/hub-protocol/voice';
import type { HubLink } from '../../hub-link/hub-link';
import type { RtpSession } from '../media/rtp-session';
import { AudioRouter } from './audio-router';
import { beaconDigitFor, isSending, viewOf, type Call, type CallOperator } from './call';
import { startCallRecorder } from '../media/recorder';
import { dialOutCall, takeIncomingCall, type CallHost, type NewCall } from './call-setup';
import { openMedia } from './media-setup';
import { mayCallOutForCase, mayHearBeaconOfCase, mayTestCall, type GuardVerdict } from './privacy-guard';
import type { RecordingStore } from './recordings';
import type { SessionUa } from './sip-session';
import { hubTarget, trunkTarget } from './targets';
import type { EndedBy, VoiceJournal } from './voice-journal';

/** How long an ended call stays in voice.calls, so the panel can show how it ended. */
const ENDED_KEPT_MS = 30_000;
const BEACON_RING_MS = 60_000;
const OUTSIDE_RING_MS = 45_000;
const CLEAR_DOWN_DIGIT_MS = 250;

export interface CallManagerOptions {
  link: HubLink;
  journal: VoiceJournal;
  recordings: RecordingStore;
  /** RTP bind address. */
  host: string;
  /** `sip:host:port` of the trunk, or null. */
  trunk: string | null;
  logger: Logger;
  onCalls(views: CallView[]): void;
  onLevel(l: { callId: string; peer: number; operator: number }): void;
}

export class CallManager implements CallHost {
  private readonly calls = new Map<string, Call>();
  /** Recordings being closed and hashed: a shutdown waits for them before the journal closes. */
  private readonly recordingsDue = new Set<Promise<void>>();
  readonly router: AudioRouter;
  private session: SessionUa | null = null;
  readonly log: Logger;

  constructor(private readonly o: CallManagerOptions) {
    this.log = o.logger.child({ component: 'voice-calls' });
    this.router = new AudioRouter({
      calls: () => [...this.calls.values()].filter((c) => c.phase !== 'ended'),
      byId: (id) => this.calls.get(id),
      audible: (c) => c.phase === 'connected' && !this.held(c),
      sending: (c) => isSending(c) && !this.held(c),
      level: o.onLevel,
    });
  }

  get link(): HubLink {
    return this.o.link;
  }

  get journal(): VoiceJournal {
    return this.o.journal;
  }

  // ── session ───────────────────────────────────────────────────────────────

  /** The UA of the operator's session, or null when it closes (its calls are cleared down first). */
  async useSession(s: SessionUa | null): Promise<void> {
    if (!s) {
      await this.clearAll('logout');
      this.session = null;
      return;
    }
    this.session = s;
    s.ua.onInvite((invite) => void takeIncomingCall(this, invite).catch((err: unknown) => this.log.error({ err }, 'voice: incoming call failed')));
  }

  /** A case changed: closed, released or taken over, its calls end. */
  caseChanged(c: Case): void {
    const op = this.o.link.operator;
    if (c.status === 'closed') void this.clearCase(c.id, 'case-closed');
    else if (!op || c.owner?.operatorId !== op.id) void this.clearCase(c.id, 'case-released');
  }

  /** The open cases after a (re)connect: a case missing from it was closed meanwhile. */
  snapshot(cases: readonly Case[]): void {
    if (!this.o.link.operator) return;
    const open = new Set(cases.map((c) => c.id));
    for (const call of this.live()) if (call.caseId && !open.has(call.caseId)) void this.clearCase(call.caseId, 'case-closed');
    for (const c of cases) this.caseChanged(c);
  }

  // ── requests ──────────────────────────────────────────────────────────────

  /** Resolves once the recordings of ended calls are kept (a list asked right after a call ends includes it). */
  async recordingsSettled(): Promise<void> {
    await Promise.all([...this.recordingsDue]);
  }

  /** No call under way. */
  idle(): boolean {
    return this.live().length === 0;
  }

  views(): CallView[] {
    return [...this.calls.values()].map((c) => this.view(c));
  }

  view(c: Call): CallView {
    const v = viewOf(c);
    return c.phase === 'connected' && this.held(c) ? { ...v, phase: 'held', sending: false } : v;
  }

  async callBeacon(caseId: string, mode: VoiceMode): Promise<CallView> {
    const op = this.o.link.operator;
    const known = this.o.link.getCase(caseId);
    const verdict = mayHearBeaconOfCase(op, caseId, known, this.o.link.wasClosed(caseId));
    const target = known?.beaconId ?? caseId;
    this.refuseUnless(verdict, { caseId, target, direction: 'outbound' });
    const existing = this.live().find((c) => c.caseId === caseId && c.party === 'beacon');
    if (existing) return this.view(existing);
    const s = this.requireSession();
    return dialOutCall(this, {
      s,
      caseId,
      party: 'beacon',
      peer: known!.beaconId,
      contact: null,
      testReason: null,
      mode,
      target: hubTarget(s, known!.beaconId),
      headers: { [VOICE_SIP_HEADERS.caseId]: caseId },
      ringMs: BEACON_RING_MS,
    });
  }

  async testCall(beaconId: string, reason: string): Promise<CallView> {
    const op = this.o.link.operator;
    this.refuseUnless(mayTestCall(op, reason), { caseId: null, target: beaconId, direction: 'outbound', testReason: reason });
    const s = this.requireSession();
    // A header carries one line: the reason as typed is in the journal.
    const oneLine = reason.replace(/[\r\n\t]+/g, ' ').trim();
    return dialOutCall(this, {
      s,
      caseId: null,
      party: 'beacon',
      peer: beaconId,
      contact: null,
      testReason: reason,
      mode: 'listen',
      target: hubTarget(s, beaconId),
      headers: { [VOICE_SIP_HEADERS.testReason]: oneLine },
      ringMs: BEACON_RING_MS,
    });
  }

  async callOut(caseId: string, contact: CallContact): Promise<CallView> {
    const op = this.o.link.operator;
    const known = this.o.link.getCase(caseId);
    this.refuseUnless(mayCallOutForCase(op, caseId, known, this.o.link.wasClosed(caseId), contact.number), { caseId, target: contact.number, direction: 'outbound' });
    const target = trunkTarget(this.o.trunk, contact.number);
    const s = this.requireSession();
    return dialOutCall(this, { s, caseId, party: 'outside', peer: contact.number, contact, testReason: null, mode: 'talk', target, headers: {}, ringMs: OUTSIDE_RING_MS });
  }

  setMode(callId: string, mode: VoiceMode): CallView {
    const c = this.mine(callId);
    c.mode = mode;
    if (mode !== 'ptt') c.pttDown = false;
    this.sendModeDigit(c);
    this.changed();
    return this.view(c);
  }

  ptt(callId: string, down: boolean): CallView {
    const c = this.mine(callId);
    if (c.mode !== 'ptt') throw new ApiError('invalid-argument', 'L’alternat n’est actif qu’en mode « appuyer pour parler ».');
    c.pttDown = down;
    this.changed();
    return this.view(c);
  }

  beaconVolume(callId: string, direction: 'down' | 'up'): CallView {
    const c = this.mine(callId);
    if (c.party !== 'beacon') throw new ApiError('invalid-argument', 'Le volume se règle sur un appel de balise.');
    if (c.phase !== 'connected' || !c.media) throw new ApiError('invalid-argument', 'L’appel n’est pas établi : volume inchangé.');
    void c.media.sendDtmf(direction === 'down' ? '1' : '3', 150);
    return this.view(c);
  }

  async hangup(callId: string): Promise<CallView> {
    const c = this.mine(callId);
    await this.clearDown(c, 'operator');
    return this.view(c);
  }

  bridge(callId: string, beaconCallId: string | null): CallView {
    const o = this.mine(callId);
    if (o.party !== 'outside') throw new ApiError('invalid-argument', 'Seul un appel extérieur peut entendre la balise.');
    if (beaconCallId === null) {
      const was = o.bridgedWith ? this.calls.get(o.bridgedWith) : undefined;
      o.bridgedWith = null;
      if (was) this.o.journal.bridged(o, was, false);
    } else {
      const b = this.mine(beaconCallId);
      if (b.party !== 'beacon' || b.caseId !== o.caseId) throw new ApiError('invalid-argument', 'Cette balise n’appartient pas au dossier de l’appel extérieur.');
      if (o.phase !== 'connected') throw new ApiError('invalid-argument', 'L’appel extérieur n’est pas établi : pont impossible.');
      o.bridgedWith = b.callId;
      this.o.journal.bridged(o, b, true);
    }
    this.changed();
    return this.view(o);
  }

  /** Clears every call down (DTMF 0 to beacons, then BYE), and waits for their recordings to be kept. */
  async clearAll(by: EndedBy): Promise<void> {
    await Promise.all(this.live().map((c) => this.clearDown(c, by)));
    await Promise.all([...this.recordingsDue]);
  }

  async stop(): Promise<void> {
    await this.clearAll('shutdown');
    this.router.stop();
  }

  // ── set-up (call-setup.ts calls back here) ─────────────────────────────────

  newCall(d: NewCall): Call {
    const op = this.o.link.operator!;
    const operator: CallOperator = { id: op.id, displayName: op.displayName };
    const call: Call = {
      callId: ulid(),
      caseId: d.caseId,
      party: d.party,
      peer: d.peer,
      contact: d.contact,
      direction: d.direction,
      testReason: d.testReason,
      operator,
      startedAt: new Date(),
      phase: 'dialling',
      mode: d.mode,
      pttDown: false,
      bridgedWith: null,
      connectedAt: null,
      endedAt: null,
      outcome: null,
      media: d.media,
      recorder: null,
      period: null,
      beaconDigit: null,
      endSip: async () => {},
      ending: null,
    };
    this.calls.set(call.callId, call);
    this.o.journal.started(call);
    this.changed();
    return call;
  }

  connected(call: Call): void {
    call.phase = 'connected';
    call.connectedAt = new Date();
    try {
      call.recorder = startCallRecorder(this.o.recordings.fileFor(call.callId), this.log);
    } catch (err) {
      this.log.error({ err, callId: call.callId }, 'voice: the recording cannot be written: the call goes on unrecorded');
    }
    this.router.add(call);
    call.media!.on('playout', (frame) => this.router.peerFrame(call, frame));
    this.o.journal.answered(call);
    this.sendModeDigit(call);
    this.changed();
  }

  // ── clear-down ────────────────────────────────────────────────────────────

  private clearCase(caseId: string, by: EndedBy): Promise<void> {
    return Promise.all(this.live().filter((c) => c.caseId === caseId).map((c) => this.clearDown(c, by))).then(() => undefined);
  }

  /** DTMF 0 to a connected beacon (so it does not redial), then BYE (or CANCEL), then the books. */
  clearDown(c: Call, by: EndedBy, detail: string | null = null): Promise<void> {
    c.ending ??= (async () => {
      const wasConnected = c.phase === 'connected';
      if (wasConnected && c.party === 'beacon' && c.media) {
        const sent = await c.media.sendDtmf('0', CLEAR_DOWN_DIGIT_MS);
        if (!sent.ok) this.log.warn({ callId: c.callId, error: sent.error }, 'voice: clear-down digit not sent');
      }
      try {
        await c.endSip();
      } catch (err) {
        this.log.warn({ err, callId: c.callId }, 'voice: hang-up failed');
      }
      this.finish(c, wasConnected ? 'answered' : 'cancelled', by, detail);
    })();
    return c.ending;
  }

  /** The call is over: periods, recording, journal, media closed. Runs once. */
  finish(c: Call, outcome: NonNullable<Call['outcome']>, by: EndedBy, detail: string | null): void {
    if (c.phase === 'ended') return;
    const now = new Date();
    this.closePeriod(c, now);
    c.phase = 'ended';
    c.endedAt = now;
    c.outcome = c.connectedAt ? 'answered' : outcome;
    c.pttDown = false;
    this.router.remove(c.callId);
    const media = c.media;
    c.media = null;
    void media?.close().catch((err: unknown) => this.log.warn({ err }, 'voice: RTP close failed'));
    const kept = this.keepRecording(c);
    this.recordingsDue.add(kept);
    void kept.finally(() => this.recordingsDue.delete(kept));
    for (const o of this.live()) {
      if (o.bridgedWith === c.callId) {
        o.bridgedWith = null;
        this.o.journal.bridged(o, c, false);
      }
    }
    this.o.journal.ended(c, by, detail);
    this.log.info({ callId: c.callId, party: c.party, outcome: c.outcome, by }, 'voice: call ended');
    setTimeout(() => {
      this.calls.delete(c.callId);
      this.changed();
    }, ENDED_KEPT_MS).unref();
    this.changed();
  }

  /** Closes and hashes the call's WAV, then keeps it (table and journal). */
  private async keepRecording(c: Call): Promise<void> {
    const rec = c.recorder;
    if (!rec) return;
    try {
      const done = await rec.finish();
      if (done.error) this.log.error({ callId: c.callId, error: done.error }, 'voice: the recording stopped early: what came before is kept');
      const fileName = `${c.callId}.wav`;
      this.o.recordings.add({
        recordingId: c.callId,
        callId: c.callId,
        caseId: c.caseId,
        operatorId: c.operator.id,
        peer: c.peer,
        file: fileName,
        startedAt: (c.connectedAt ?? c.startedAt).toISOString(),
        durationMs: done.durationMs,
        sha256: done.sha256,
      });
      this.o.journal.recorded(c, c.callId, done, fileName);
    } catch (err) {
      this.log.error({ err, callId: c.callId }, 'voice: the recording could not be finished');
    }
  }

  // ── modes, hold, periods ──────────────────────────────────────────────────

  /** A beacon call is held while an outside call of its case is under way and not bridged with it. */
  private held(c: Call): boolean {
    if (c.party !== 'beacon' || !c.caseId) return false;
    return this.live().some((o) => o.party === 'outside' && o.caseId === c.caseId && o.bridgedWith !== c.callId);
  }

  private sendModeDigit(c: Call): void {
    if (c.party !== 'beacon' || c.phase !== 'connected' || !c.media) return;
    const digit = beaconDigitFor(c.mode);
    if (!digit || digit === c.beaconDigit) return;
    c.beaconDigit = digit;
    void c.media.sendDtmf(digit, 200);
  }

  private closePeriod(c: Call, at: Date): void {
    if (!c.period) return;
    this.o.journal.period(c, c.period, at);
    c.period = null;
  }

  /** One period per continuous span in one mode while audio flows: opened and closed as things change. */
  private refreshPeriods(): void {
    const now = new Date();
    for (const c of this.live()) {
      const want = c.phase === 'connected' && !this.held(c) ? c.mode : null;
      if (c.period?.mode === want) continue;
      this.closePeriod(c, now);
      if (want) c.period = { mode: want, startedAt: now };
    }
  }

  changed(): void {
    this.refreshPeriods();
    this.o.onCalls(this.views());
  }

  // ── helpers ───────────────────────────────────────────────────────────────

  private live(): Call[] {
    return [...this.calls.values()].filter((c) => c.phase !== 'ended');
  }

  private mine(callId: string): Call {
    const c = this.calls.get(callId);
    if (!c || c.phase === 'ended') throw new ApiError('not-found', 'Appel introuvable : il est peut-être déjà terminé.');
    const op = this.o.link.operator;
    if (!op || op.id !== c.operator.id) throw new ApiError('forbidden', 'Cet appel appartient à un autre opérateur.');
    return c;
  }

  private refuseUnless(v: GuardVerdict, at: { caseId: string | null; target: string; direction: 'inbound' | 'outbound'; testReason?: string }): void {
    if (v.ok) return;
    this.o.journal.refused({ operatorId: this.o.link.operator?.id ?? null, ...at, code: v.code, message: v.message });
    throw new ApiError(v.code, v.message, { privacy: true, journaled: true });
  }

  private requireSession(): SessionUa {
    if (!this.session) throw new ApiError('hub-unreachable', 'Phonie indisponible : la console n’est pas encore enregistrée auprès du hub. Réessayez dans un instant.');
    return this.session;
  }

  async openMedia(): Promise<RtpSession> {
    try {
      return await openMedia({ host: this.o.host, logger: this.log });
    } catch (err) {
      throw new ApiError('internal', `Phonie indisponible : ${(err as Error).message}`);
    }
  }
}
