export { ListenError, startBrowserServer } from './browser-server';
export type { BrowserServer, BrowserServerOptions } from './browser-server';
export { loadBrowserToken, TOKEN_FILE } from './browser-token';
export { SESSION_CHECK_PATH } from './session-check';
export { CSP, SECURITY_HEADERS } from './security';
