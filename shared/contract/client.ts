/** What the renderer receives at boot; it never asks which transport is underneath. */
import type { EventName, EventPayload } from './events';
import type { RequestArgs, RequestName, RequestResult } from './requests';

export interface ApiClient {
  invoke<K extends RequestName>(method: K, args: RequestArgs<K>): Promise<RequestResult<K>>;
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void;
}
