import type { VeilleBridge } from './bridge';

declare global {
  interface Window {
    /** Present only in Electron; browser mode uses the WebSocket client instead. */
    veilleApi?: VeilleBridge;
  }
}
