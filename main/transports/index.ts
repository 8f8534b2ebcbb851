export { startBrowserServer } from './browser-server';
export type { BrowserServer, BrowserServerOptions } from './browser-server';
export { CSP, SECURITY_HEADERS } from './security';
