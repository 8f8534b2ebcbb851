/**
 * Electron's audio port: the page asks for a MessagePort (AUDIO_IPC.open), main checks the
 * sender exactly as for the contract's IPC (main frame, app://console, a window of ours),
 * then answers with one end of a fresh MessageChannelMain. Frames flow on the port through
 * the same relay as browser mode (one page at a time, bad frames dropped and logged).
 */
import { BrowserWindow, ipcMain, MessageChannelMain, type IpcMainEvent } from 'electron';
import { AUDIO_IPC } from '@shared/audio/audio-ipc';
import type { Logger } from '../log/logger';
import { createAudioRelay, type AudioRelay } from '../transports/audio-relay';
import { ipcSenderProblem } from './window-options';

export interface ElectronAudio {
  /** The AudioPort the call manager takes (exists before any window). */
  port: AudioRelay;
  /** Starts answering the windows' requests for a port; returns the undo. */
  listen(o: { windows: ReadonlySet<BrowserWindow>; devOrigin?: string | null }): () => void;
  close(): void;
}

export function createElectronAudio(o: { logger: Logger }): ElectronAudio {
  const log = o.logger.child({ component: 'electron-audio' });
  const relay = createAudioRelay(o.logger, 'audio-relay');
  return {
    port: relay,
    listen({ windows, devOrigin }) {
      const onOpen = (event: IpcMainEvent) => {
        const frame = event.senderFrame;
        const win = BrowserWindow.fromWebContents(event.sender);
        const problem = ipcSenderProblem({ frameUrl: frame?.url ?? null, isMainFrame: frame?.parent === null, isOurWindow: !!win && windows.has(win) }, devOrigin);
        if (problem) {
          log.warn({ problem }, 'audio port request dropped');
          return;
        }
        const { port1, port2 } = new MessageChannelMain();
        const conn = relay.connect(
          {
            send: (bytes) => port1.postMessage(bytes),
            close: () => port1.close(),
          },
          `window ${event.sender.id}`,
        );
        port1.on('message', (e) => conn.receive(e.data));
        port1.on('close', () => conn.disconnect());
        // A reload or a closed window ends the page's audio, whatever the port says.
        event.sender.once('destroyed', () => conn.disconnect());
        event.sender.once('did-start-navigation', () => conn.disconnect());
        port1.start();
        event.sender.postMessage(AUDIO_IPC.port, null, [port2]);
      };
      ipcMain.on(AUDIO_IPC.open, onOpen);
      return () => ipcMain.removeListener(AUDIO_IPC.open, onOpen);
    },
    close: () => relay.close(),
  };
}
