// One content security policy for the console page: the Electron app:// responses,
// browser mode's headers and the <meta> the build writes into index.html agree.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config, { contentSecurityPolicyMeta } from '../electron.vite.config';
import { APP_RESPONSE_HEADERS } from '../main/electron/window-options';
import { SECURITY_HEADERS } from '../main/transports/security';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, parsePolicy } from '../shared/contract/csp';

const ROOT = join(__dirname, '..');

/** What the build's plugin writes into index.html. */
function metaWrittenByBuild(): { content: string; injectTo: string } {
  const plugin = contentSecurityPolicyMeta();
  const transform = plugin.transformIndexHtml as () => { tag: string; attrs: Record<string, string>; injectTo: string }[];
  const tags = transform().filter((t) => t.tag === 'meta' && t.attrs['http-equiv'] === 'Content-Security-Policy');
  expect(tags).toHaveLength(1);
  return { content: tags[0]!.attrs.content!, injectTo: tags[0]!.injectTo };
}

describe('content security policy', () => {
  it('is the same string in the Electron protocol and in browser mode', () => {
    expect(APP_RESPONSE_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('is written into index.html by the build, the same policy less what only a header can say', () => {
    const meta = metaWrittenByBuild();
    expect(meta.content).toBe(META_CONTENT_SECURITY_POLICY);
    expect(meta.injectTo).toBe('head-prepend');
    const header = parsePolicy(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(parsePolicy(meta.content)).toEqual(header);
    // The renderer build uses that plugin, and the source page holds no second, stale policy.
    const names = (config as { renderer: { plugins: { name: string }[] } }).renderer.plugins.map((p) => p.name);
    expect(names).toContain('veille-csp-meta');
    expect(readFileSync(join(ROOT, 'renderer', 'index.html'), 'utf8')).not.toMatch(/http-equiv=["']?Content-Security-Policy/i);
  });

  it('allows what the map needs (blob: workers, blob:/data: images) and nothing inline or remote for scripts', () => {
    const p = parsePolicy(CONTENT_SECURITY_POLICY);
    expect(p.get('worker-src')?.split(' ')).toContain('blob:');
    expect(p.get('img-src')?.split(' ')).toEqual(expect.arrayContaining(['blob:', 'data:']));
    expect(p.get('script-src')).toBe("'self'");
    expect(p.get('object-src')).toBe("'none'");
    expect(p.get('frame-ancestors')).toBe("'none'");
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
  });
});
