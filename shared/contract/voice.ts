/**
 * Voice: the operator's calls with a beacon (levée de doute) and with outside parties
 * (17, 18, 15, the city, the site's contacts). Audio frames never travel in these
 * envelopes: they go over the audio port (Electron MessagePort, browser-mode binary
 * WebSocket frames); see main/voice/audio-port.ts.
 */
import { z } from 'zod';

const Id = z.string().min(1).max(64);

/**
 * listen: discreet listening, nothing sent, the beacon's speaker muted (DTMF 7);
 * talk: open microphone, duplex (DTMF 4); ptt: push-to-talk, the microphone is sent
 * only while the key is held; mute: nothing sent, the beacon stays in duplex.
 */
export const VoiceMode = z.enum(['listen', 'talk', 'ptt', 'mute']);
export type VoiceMode = z.infer<typeof VoiceMode>;

export const CallParty = z.enum(['beacon', 'outside']);
export type CallParty = z.infer<typeof CallParty>;

export const CallPhase = z.enum(['dialling', 'ringing', 'connected', 'held', 'ended']);
export type CallPhase = z.infer<typeof CallPhase>;

/** How a call ended, or how a call-out went: journaled with its duration. */
export const CallOutcome = z.enum(['answered', 'no-answer', 'busy', 'failed', 'refused', 'cancelled']);
export type CallOutcome = z.infer<typeof CallOutcome>;

export const CallContact = z
  .object({
    /** 'police-17', 'fire-18', 'samu-15', 'city-safety', or a site contact's role. */
    role: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    /** Digits (with optional leading +) or a sip: URI. */
    number: z.string().min(1).max(120),
  })
  .strict();
export type CallContact = z.infer<typeof CallContact>;

export const CallView = z.object({
  callId: Id,
  caseId: Id.nullable(),
  party: CallParty,
  /** The beacon's id, or the contact called. */
  peer: z.string(),
  contact: CallContact.nullable(),
  direction: z.enum(['inbound', 'outbound']),
  phase: CallPhase,
  mode: VoiceMode,
  /** The microphone is going out right now (talk, or ptt held). */
  sending: z.boolean(),
  recording: z.boolean(),
  /** A technical test call: the mandatory reason. */
  testReason: z.string().nullable(),
  /** The beacon leg this outside call is bridged with (the outside party hears the beacon). */
  bridgedWith: Id.nullable(),
  startedAt: z.string(),
  connectedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  outcome: CallOutcome.nullable(),
});
export type CallView = z.infer<typeof CallView>;

export const Recording = z.object({
  recordingId: Id,
  callId: Id,
  caseId: Id.nullable(),
  peer: z.string(),
  startedAt: z.string(),
  durationMs: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Where the renderer fetches the WAV (same origin; the transport serves it). */
  url: z.string(),
  /** Channel 1 is the far end (beacon or outside party), channel 2 the operator. */
  channels: z.tuple([z.literal('peer'), z.literal('operator')]),
});
export type Recording = z.infer<typeof Recording>;

const CallRef = z.object({ callId: Id }).strict();
const CallList = z.object({ calls: z.array(CallView) });

export const voiceRequests = {
  'voice.calls': { args: z.object({}).strict(), result: CallList },
  /** Calls the beacon of a case the operator owns (SCAIP callback, cha=1); refused otherwise. */
  'voice.callBeacon': { args: z.object({ caseId: Id, mode: VoiceMode.default('listen') }).strict(), result: CallView },
  /** A technical test call to a beacon outside any case: the reason is journaled. */
  'voice.testCall': { args: z.object({ beaconId: Id, reason: z.string().trim().min(10).max(500) }).strict(), result: CallView },
  'voice.setMode': { args: z.object({ callId: Id, mode: VoiceMode }).strict(), result: CallView },
  /** Push-to-talk key down / up (mode ptt). */
  'voice.ptt': { args: z.object({ callId: Id, down: z.boolean() }).strict(), result: CallView },
  /** The beacon's loudspeaker volume (DTMF 1 / 3). */
  'voice.beaconVolume': { args: z.object({ callId: Id, direction: z.enum(['down', 'up']) }).strict(), result: CallView },
  'voice.hangup': { args: CallRef, result: CallView },
  /** Calls an outside party for a case through the trunk; the beacon leg is held meanwhile. */
  'voice.callOut': { args: z.object({ caseId: Id, contact: CallContact }).strict(), result: CallView },
  /** Lets the outside party hear the beacon (three-way, mixed in main), or ends that. */
  'voice.bridge': { args: z.object({ callId: Id, beaconCallId: Id.nullable() }).strict(), result: CallView },
  'voice.recordings': { args: z.object({ caseId: Id }).strict(), result: z.array(Recording) },
} as const;

export const voiceEvents = {
  /** Every call of this console, after any change. */
  'voice.calls': CallList,
  /** Peak levels 0..1 about ten times a second while a call is live. */
  'voice.level': z.object({ callId: Id, peer: z.number().min(0).max(1), operator: z.number().min(0).max(1) }),
} as const;
