/**
 * Setting a call's media up, both ways: an outbound call (our offer, their answer) and an
 * inbound one (their offer, our answer). The RTP socket binds on the console's voice
 * address; a bad SDP or a port that cannot be opened is an error the manager reports.
 */
import type { Logger } from 'pino';
import { answerOffer, buildOffer, negotiate, type NegotiatedMedia } from '../media/sdp';
import { openRtpSession, type RtpSession } from '../media/rtp-session';

export interface MediaSetupOptions {
  /** Bind address of RTP (the console's --sip-host). */
  host: string;
  logger: Logger;
}

export async function openMedia(o: MediaSetupOptions): Promise<RtpSession> {
  return openRtpSession({ bindHost: o.host, logger: o.logger });
}

export function offerFor(media: RtpSession): string {
  return buildOffer({ address: media.local.address, port: media.local.port });
}

export function answerFor(media: RtpSession, offer: string): { sdp: string; negotiated: NegotiatedMedia } {
  return answerOffer(offer, { address: media.local.address, port: media.local.port, direction: 'sendrecv' });
}

/** Starts sending and receiving with what the peer's SDP says. */
export function startMedia(media: RtpSession, negotiated: NegotiatedMedia): void {
  media.start({ address: negotiated.address, port: negotiated.port }, negotiated);
}

export { negotiate };
