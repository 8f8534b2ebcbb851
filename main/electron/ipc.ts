/**
 * The contract over Electron IPC: one request channel (invoke) and one event
 * channel. A message is dispatched only when it comes from the main frame of
 * a window we created, showing one of our own pages.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS, type RequestEnvelope, type ResponseEnvelope } from '@shared/contract/envelope';
import type { Host } from '../host/host';
import type { Logger } from '../log/logger';
import { ipcSenderProblem } from './window-options';

export interface IpcOptions {
  host: Host;
  logger: Logger;
  /** Windows this process created; IPC from anything else is dropped. */
  windows: ReadonlySet<BrowserWindow>;
  devOrigin?: string | null;
}

function refusal(id: number, message: string): ResponseEnvelope {
  return { kind: 'res', id, ok: false, error: { code: 'forbidden', message } };
}

function senderProblem(event: IpcMainInvokeEvent, o: IpcOptions): string | null {
  const frame = event.senderFrame;
  const win = BrowserWindow.fromWebContents(event.sender);
  return ipcSenderProblem(
    { frameUrl: frame?.url ?? null, isMainFrame: frame?.parent === null, isOurWindow: !!win && o.windows.has(win) },
    o.devOrigin,
  );
}

export function attachIpc(o: IpcOptions): () => void {
  const log = o.logger.child({ component: 'ipc' });
  ipcMain.handle(IPC_CHANNELS.request, async (event, raw: unknown): Promise<ResponseEnvelope> => {
    const env = raw as Partial<RequestEnvelope> | null;
    const id = typeof env?.id === 'number' ? env.id : -1;
    const problem = senderProblem(event, o);
    if (problem) {
      log.warn({ problem, method: env?.method }, 'IPC message dropped');
      return refusal(id, 'Message refusé : expéditeur non autorisé.');
    }
    if (!env || env.kind !== 'req' || typeof env.method !== 'string' || id === -1) {
      log.warn('malformed IPC envelope');
      return { kind: 'res', id, ok: false, error: { code: 'invalid-argument', message: 'Message invalide.' } };
    }
    return o.host.handle({ kind: 'req', id, method: env.method, args: env.args }, { transport: 'ipc' });
  });
  const offEvents = o.host.onEvent((evt) => {
    for (const win of o.windows) {
      if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.event, evt);
    }
  });
  return () => {
    offEvents();
    ipcMain.removeHandler(IPC_CHANNELS.request);
  };
}
