/**
 * `voice.credentials` on the /console namespace: a logged-in console gets the SIP
 * credentials it REGISTERs with at the hub (shared/hub-protocol/voice.ts). They name the
 * operator and session of the socket's token, so a console can only ever register as its own
 * operator, and only while that session lasts.
 */
import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { VoiceHubEvents, type VoiceCredentialsAck } from '@shared/hub-protocol/voice';
import type { VoiceRouter } from './router';

export function serveVoiceCredentials(socket: Socket, session: { operatorId: string; sessionId: string }, voice: VoiceRouter, log: Logger): void {
  socket.on(VoiceHubEvents.credentials, (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return log.warn({ payloadType: typeof payload }, 'voice.credentials without ack callback ignored');
    const answer: VoiceCredentialsAck = voice.credentials(session.operatorId, session.sessionId);
    if (answer.ok) log.info({ sipUser: answer.credentials.user, expiresAt: answer.credentials.expiresAt }, 'voice: SIP credentials issued');
    (ack as (a: VoiceCredentialsAck) => void)(answer);
  });
}
