import { describe, expect, it } from 'vitest';
import {
  APP_URL,
  APP_RESPONSE_HEADERS,
  createWindowOptions,
  ipcSenderProblem,
  isAllowedPermission,
  isTrustedUrl,
  resolveAppPath,
  secureWebPreferences,
} from './window-options';

describe('Electron window security settings (pure, checked under Node)', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = secureWebPreferences('/app/out/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
    expect(createWindowOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
  });

  it('sends a CSP without inline or remote scripts, plugins or framing', () => {
    const csp = APP_RESPONSE_HEADERS['Content-Security-Policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });

  it('trusts only app://console pages (and an explicit dev origin)', () => {
    expect(isTrustedUrl(APP_URL)).toBe(true);
    expect(isTrustedUrl('app://console/#/queue')).toBe(true);
    expect(isTrustedUrl('app://evil/index.html')).toBe(false);
    expect(isTrustedUrl('https://console/index.html')).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd')).toBe(false);
    expect(isTrustedUrl('not a url')).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
  });

  it('grants the microphone to our pages only, and nothing else to anyone', () => {
    expect(isAllowedPermission('media', APP_URL)).toBe(true);
    expect(isAllowedPermission('media', 'https://example.org/')).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(isAllowedPermission(p, APP_URL)).toBe(false);
    }
  });

  it('serves files from the renderer folder only', () => {
    expect(resolveAppPath('/r', 'app://console/')).toBe('/r/index.html');
    expect(resolveAppPath('/r', 'app://console/assets/a.js?x=1')).toBe('/r/assets/a.js');
    expect(resolveAppPath('/r', 'app://console/../../etc/passwd')).toBe('/r/etc/passwd');
    expect(resolveAppPath('/r', 'app://console/%2e%2e/%2e%2e/etc/passwd')).toBe('/r/etc/passwd');
    // Encoded slashes survive URL parsing and would climb out after decoding: refused.
    expect(resolveAppPath('/r', 'app://console/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveAppPath('/r', 'app://console/a%00b')).toBeNull();
    expect(resolveAppPath('/r', 'app://other/index.html')).toBeNull();
  });

  it('dispatches IPC only from the main frame of our window on our page', () => {
    const good = { frameUrl: APP_URL, isMainFrame: true, isOurWindow: true };
    expect(ipcSenderProblem(good)).toBeNull();
    expect(ipcSenderProblem({ ...good, isMainFrame: false })).toMatch(/main frame/);
    expect(ipcSenderProblem({ ...good, isOurWindow: false })).toMatch(/window/);
    expect(ipcSenderProblem({ ...good, frameUrl: null })).toMatch(/gone/);
    expect(ipcSenderProblem({ ...good, frameUrl: 'https://evil.example/' })).toMatch(/untrusted/);
    expect(ipcSenderProblem({ ...good, frameUrl: 'http://localhost:5173/' })).toMatch(/untrusted/);
    expect(ipcSenderProblem({ ...good, frameUrl: 'http://localhost:5173/' }, 'http://localhost:5173')).toBeNull();
  });
});
