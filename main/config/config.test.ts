import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const cwd = '/srv/veille';

describe('parseConfig', () => {
  it('defaults: port 4800 on 127.0.0.1, demo hub, 4 alarms/min, random token, French', () => {
    const c = parseConfig([], {}, { cwd });
    expect(c).toMatchObject({ port: 4800, host: '127.0.0.1', dataDir: '/srv/veille/.data/console', hubUrl: null, simRate: 4, sim: true, locale: 'fr' });
    expect(c.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(parseConfig([], {}, { cwd }).token).not.toBe(c.token);
  });

  it('reads the environment, and flags win over it', () => {
    const env = { VEILLE_PORT: '5000', VEILLE_DATA: '/var/veille', VEILLE_HUB_URL: 'https://hub.example/', VEILLE_SIM_RATE: '10' };
    expect(parseConfig([], env, { cwd })).toMatchObject({ port: 5000, dataDir: '/var/veille', hubUrl: 'https://hub.example', simRate: 10 });
    const c = parseConfig(['--port', '0', '--data-dir', 'rel', '--hub-url', 'http://10.0.0.2:4700', '--no-sim', '--token', 'a'.repeat(20)], env, { cwd });
    expect(c).toMatchObject({ port: 0, dataDir: '/srv/veille/rel', hubUrl: 'http://10.0.0.2:4700', sim: false, token: 'a'.repeat(20) });
  });

  it.each([
    [['--port', 'abc'], /--port \/ VEILLE_PORT/],
    [['--port', '70000'], /--port/],
    [['--hub-url', 'ftp://x'], /--hub-url.*http/],
    [['--hub-url', 'not a url'], /--hub-url/],
    [['--sim-rate', '-1'], /--sim-rate/],
    [['--token', 'short'], /--token/],
    [['--locale', 'french'], /--locale/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port'], /--port/],
  ])('rejects %j with a message naming the setting', (argv, message) => {
    expect(() => parseConfig(argv, {}, { cwd })).toThrow(ConfigError);
    expect(() => parseConfig(argv, {}, { cwd })).toThrow(message);
  });

  it('rejects a bad environment value too', () => {
    expect(() => parseConfig([], { VEILLE_SIM_RATE: 'lots' }, { cwd })).toThrow(/--sim-rate \/ VEILLE_SIM_RATE/);
  });

  it('lenient mode (Electron) ignores the app path and Chromium switches', () => {
    const c = parseConfig(['.', '--no-sandbox', '--port', '4900'], {}, { cwd, strict: false });
    expect(c.port).toBe(4900);
  });
});
