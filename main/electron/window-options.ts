/**
 * Pure security settings for the Electron window, kept free of any electron
 * import so a plain-Node test can assert them (no Electron runtime here).
 */
import { extname, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '@shared/contract/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Headers of every app://console response: the console's one CSP (shared/contract/csp.ts). */
export const APP_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
};

export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    // Middle-click opens links in new windows; we deny new windows, and remove the path too.
    disableBlinkFeatures: 'Auxclick',
  } as const;
}

export function createWindowOptions(preloadPath: string) {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    // Dark first paint: operators work at night, a white flash is glare.
    backgroundColor: '#121212',
    show: false,
    title: 'Veille',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** True for our own pages (app://console/…), and for the dev server origin when one is given. */
export function isTrustedUrl(url: string, devOrigin?: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST) return true;
  return !!devOrigin && `${u.protocol}//${u.host}` === devOrigin;
}

export interface IpcSenderInfo {
  /** null when the frame is gone (navigated or destroyed) by the time the message is handled. */
  frameUrl: string | null;
  isMainFrame: boolean;
  isOurWindow: boolean;
}

/** Why an IPC message must be dropped, or null when it may be dispatched. */
export function ipcSenderProblem(s: IpcSenderInfo, devOrigin?: string | null): string | null {
  if (s.frameUrl === null) return 'sender frame gone';
  if (!s.isMainFrame) return 'not the main frame';
  if (!isTrustedUrl(s.frameUrl, devOrigin)) return `untrusted page ${s.frameUrl.slice(0, 100)}`;
  if (!s.isOurWindow) return 'not a window of ours';
  return null;
}

/** Only the microphone and speakers (media), and only for our own pages. */
export function isAllowedPermission(permission: string, requestingUrl: string): boolean {
  return permission === 'media' && isTrustedUrl(requestingUrl);
}

/** Maps app://console/<path> to a file under rendererDir; null when it would leave it. */
export function resolveAppPath(rendererDir: string, url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

/** Client-side routes have no extension: they get index.html (single-page app). */
export function isSpaRoute(file: string): boolean {
  return extname(file) === '';
}
