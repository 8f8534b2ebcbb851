/**
 * The console page's one content security policy. The Electron app:// protocol,
 * browser mode's HTTP headers and the <meta> the build writes into index.html all
 * take it from here, so a page never runs under two policies that disagree (a
 * page under both a header and a meta gets only what both allow).
 */

/** Each directive with why it allows what it allows. */
const DIRECTIVES: ReadonlyArray<readonly [name: string, sources: string]> = [
  ['default-src', "'self'"],
  // Only our bundled scripts: no inline script, no eval, nothing remote.
  ['script-src', "'self'"],
  // MUI/emotion inserts <style> elements at run time.
  ['style-src', "'self' 'unsafe-inline'"],
  // Map tiles and sprites are decoded into blob: and data: images.
  ['img-src', "'self' data: blob:"],
  // Fonts are files of the build (main.tsx imports only subsets Vite does not inline).
  ['font-src', "'self'"],
  // The API WebSocket is same-origin (ws://<page host>/api), which 'self' covers (CSP Level 3).
  ['connect-src', "'self'"],
  // Alarm tones are synthesised (Web Audio): no media file is loaded.
  ['media-src', "'self'"],
  // The map library starts its workers from blob: URLs.
  ['worker-src', "'self' blob:"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  // Only a header can forbid framing; browsers ignore (and warn about) it in a <meta>.
  ['frame-ancestors', "'none'"],
];

/** Directives a <meta> cannot carry. */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

const serialise = (ds: typeof DIRECTIVES): string => ds.map(([name, sources]) => `${name} ${sources}`).join('; ');

/** The Content-Security-Policy header of every response that serves the console page. */
export const CONTENT_SECURITY_POLICY = serialise(DIRECTIVES);

/** The same policy for index.html's <meta http-equiv>, without the header-only directives. */
export const META_CONTENT_SECURITY_POLICY = serialise(DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name)));

/** A policy's directives by name, for comparing policies whatever their order. */
export function parsePolicy(policy: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources.join(' '));
  }
  return out;
}
