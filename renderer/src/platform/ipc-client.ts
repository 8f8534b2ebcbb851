/**
 * Electron transport: wraps the bridge the preload exposes as `window.veilleApi`.
 * The bridge may resolve with the raw result or with a response envelope, and
 * Electron mangles rejected errors, so both shapes are normalised to ApiError.
 */
import type { ApiClient } from '@shared/contract';
import { EventHub } from './dispatch';
import { fromErrorShape, toApiError } from './errors';

export interface VeilleBridge {
  invoke(method: string, args: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}

export function isBridge(value: unknown): value is VeilleBridge {
  return (
    !!value &&
    typeof (value as VeilleBridge).invoke === 'function' &&
    typeof (value as VeilleBridge).on === 'function'
  );
}

function unwrap(value: unknown): unknown {
  if (value && typeof value === 'object' && (value as { kind?: unknown }).kind === 'res') {
    const env = value as { ok: boolean; result?: unknown; error?: unknown };
    if (env.ok) return env.result;
    throw fromErrorShape(env.error);
  }
  return value;
}

export function createIpcClient(bridge: VeilleBridge): ApiClient {
  const events = new EventHub();
  const subscribed = new Set<string>();
  return {
    async invoke(method, args) {
      let raw: unknown;
      try {
        raw = await bridge.invoke(method, args);
      } catch (err) {
        throw toApiError(err);
      }
      return unwrap(raw) as never;
    },
    on(event, listener) {
      // One bridge subscription per event name; validation happens in the hub.
      if (!subscribed.has(event)) {
        subscribed.add(event);
        bridge.on(event, (payload) => events.emit(event, payload));
      }
      return events.on(event, listener);
    },
  };
}
