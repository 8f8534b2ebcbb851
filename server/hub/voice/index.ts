/** The hub's voice routing: registrar for consoles, small proxy for calls with beacons (docs/VOICE.md). */
export { createVoiceRouter, type VoiceRouter, type VoiceRoutingOptions } from './router';
export { serveVoiceCredentials } from './credentials-socket';
