/**
 * The page's audio handshake (Electron): `veilleAudio.open()` asks main for a MessagePort;
 * the port main sends back is handed to the page as a window message, because a port
 * cannot cross the context bridge. Nothing else: frames flow on the port itself.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { AUDIO_IPC, AUDIO_PORT_MESSAGE } from '@shared/audio/audio-ipc';

export function exposeAudio(): void {
  contextBridge.exposeInMainWorld('veilleAudio', { open: (): void => ipcRenderer.send(AUDIO_IPC.open) });
  ipcRenderer.on(AUDIO_IPC.port, (event) => {
    // Posted to this very window only: no other frame or origin receives it. (The preload
    // is typed without the DOM library; in the page's isolated world `globalThis` is its window.)
    (globalThis as unknown as { postMessage(msg: string, origin: string, ports: unknown[]): void }).postMessage(AUDIO_PORT_MESSAGE, '*', event.ports);
  });
}
