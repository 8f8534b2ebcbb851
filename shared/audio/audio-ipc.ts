/**
 * Electron's audio handshake: the page asks main for a MessagePort on AUDIO_IPC.open;
 * main answers on AUDIO_IPC.port with one end of a fresh MessageChannelMain; the preload
 * hands it to the page as a window message named AUDIO_PORT_MESSAGE (a port cannot cross
 * the context bridge). Frames then flow on the port (layout in ./audio-frame.ts).
 */
export const AUDIO_IPC = { open: 'veille:audio-open', port: 'veille:audio-port' } as const;
export const AUDIO_PORT_MESSAGE = 'veille-audio-port';
