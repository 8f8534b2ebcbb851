import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, wantsHelp } from './config';
import { USAGE } from './usage';

const cwd = '/srv/veille';

describe('parseConfig', () => {
  it('defaults: port 4800 on 127.0.0.1, demo hub, 4 alarms/min, the kept token', () => {
    const c = parseConfig([], {}, { cwd });
    expect(c).toEqual({ port: 4800, host: '127.0.0.1', dataDir: '/srv/veille/.data/console', hubUrl: null, simRate: 4, sim: true, token: null, newToken: false, retentionDays: 365, sipHost: '127.0.0.1', sipPort: 0, trunk: null });
  });

  it('Electron: the user-data folder unless --data-dir or VEILLE_DATA names another', () => {
    const defaultDataDir = '/home/op/.config/veille';
    expect(parseConfig([], {}, { cwd, defaultDataDir }).dataDir).toBe(defaultDataDir);
    expect(parseConfig([], { VEILLE_DATA: '/var/veille' }, { cwd, defaultDataDir }).dataDir).toBe('/var/veille');
    expect(parseConfig(['--data-dir', 'rel'], {}, { cwd, defaultDataDir }).dataDir).toBe('/srv/veille/rel');
  });

  it('voice: --sip-host, --sip-port and --trunk; a trunk that is not a SIP URI is refused', () => {
    expect(parseConfig(['--sip-host', '10.0.0.3', '--sip-port', '5070', '--trunk', 'sip:192.0.2.10:5060'], {}, { cwd })).toMatchObject({
      sipHost: '10.0.0.3',
      sipPort: 5070,
      trunk: 'sip:192.0.2.10:5060',
    });
    expect(() => parseConfig(['--trunk', 'http://x'], {}, { cwd })).toThrow(/--trunk: must be a SIP URI/);
  });

  it('--new-token asks for a new kept token; with --token it is a contradiction', () => {
    expect(parseConfig(['--new-token'], {}, { cwd })).toMatchObject({ token: null, newToken: true });
    expect(() => parseConfig(['--new-token', '--token', 'a'.repeat(20)], {}, { cwd })).toThrow(/--token and --new-token/);
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
    [['--locale', 'fr'], /Unknown option '--locale'/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port'], /--port/],
  ])('rejects %j with a message naming the setting', (argv, message) => {
    expect(() => parseConfig(argv, {}, { cwd })).toThrow(ConfigError);
    expect(() => parseConfig(argv, {}, { cwd })).toThrow(message);
  });

  it('rejects a bad environment value too', () => {
    expect(() => parseConfig([], { VEILLE_SIM_RATE: 'lots' }, { cwd })).toThrow(/--sim-rate \/ VEILLE_SIM_RATE/);
  });

  it('--help or -h anywhere asks for the usage, which lists every flag and variable', () => {
    expect(wantsHelp(['--port', '0', '--help'])).toBe(true);
    expect(wantsHelp(['-h'])).toBe(true);
    expect(wantsHelp(['--port', '0'])).toBe(false);
    expect(parseConfig(['--help'], {}, { cwd }).port).toBe(4800);
    for (const word of ['--hub-url', '--data-dir', '--port', '--host', '--sim-rate', '--no-sim', '--token', '--new-token', '--help',
      'VEILLE_HUB_URL', 'VEILLE_DATA', 'VEILLE_PORT', 'VEILLE_SIM_RATE', 'VEILLE_LOG_LEVEL', 'VEILLE_BROWSER_MODE', 'VEILLE_SQLITE_BINDING']) {
      expect(USAGE, word).toContain(word);
    }
  });

  it('lenient mode (Electron) ignores the app path and Chromium switches', () => {
    const c = parseConfig(['.', '--no-sandbox', '--port', '4900'], {}, { cwd, strict: false });
    expect(c.port).toBe(4900);
  });
});
