/**
 * The whole bridge: invoke(method, args) and on(event, cb), over one request
 * channel and one event channel. No raw ipcRenderer, no logic; main checks
 * the sender and validates every argument.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type EventEnvelope, type ResponseEnvelope } from '@shared/contract/envelope';
import type { VeilleBridge } from './bridge';
import { exposeAudio } from './audio';

let nextId = 1;

const bridge: VeilleBridge = {
  invoke: (method: string, args: unknown): Promise<ResponseEnvelope> =>
    ipcRenderer.invoke(IPC_CHANNELS.request, { kind: 'req', id: nextId++, method, args }),
  on(event: string, cb: (payload: unknown) => void): () => void {
    const listener = (_e: IpcRendererEvent, env: EventEnvelope) => {
      if (env?.kind === 'evt' && env.event === event) cb(env.payload);
    };
    ipcRenderer.on(IPC_CHANNELS.event, listener);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, listener);
    };
  },
};

contextBridge.exposeInMainWorld('veilleApi', bridge);
exposeAudio();
