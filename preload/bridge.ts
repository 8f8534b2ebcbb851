/** What the preload exposes as window.veilleApi. invoke resolves with the response envelope. */
export interface VeilleBridge {
  invoke(method: string, args: unknown): Promise<unknown>;
  on(event: string, cb: (payload: unknown) => void): () => void;
}
