/** One transport-neutral envelope, carried over Electron IPC or a WebSocket unchanged. */
import type { ApiErrorShape } from './errors';

export type RequestEnvelope = { kind: 'req'; id: number; method: string; args: unknown };
export type ResponseEnvelope =
  | { kind: 'res'; id: number; ok: true; result: unknown }
  | { kind: 'res'; id: number; ok: false; error: ApiErrorShape };
export type EventEnvelope = { kind: 'evt'; event: string; payload: unknown };
export type HostToClient = ResponseEnvelope | EventEnvelope;

export const IPC_CHANNELS = { request: 'api:req', response: 'api:res', event: 'api:evt' } as const;
