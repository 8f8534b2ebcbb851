/**
 * Electron adapter: boots the same core services as browser mode, then one
 * hardened window on app://console talking to the host over IPC. The
 * loopback WebSocket of browser mode is never started here.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Notification, session } from 'electron';
import { bootCore, type Core } from '../boot/core';
import { moduleDir } from '../boot/paths';
import { ConfigError, parseConfig, wantsHelp, type Config } from '../config/config';
import { USAGE } from '../config/usage';
import { createConsoleLog } from '../log/logger';
import { attachIpc } from './ipc';
import { createElectronAudio } from './audio-port';
import { recordingsRoute } from './recordings-route';
import { lockDownContents, lockDownSession } from './lockdown';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { APP_URL, createWindowOptions } from './window-options';

// Before the single-instance lock: asking for help must not focus (or quit for) a running console.
if (wantsHelp(process.argv.slice(1))) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const here = moduleDir() ?? process.cwd();
const consoleLog = createConsoleLog();
const logger = consoleLog.logger;
const windows = new Set<BrowserWindow>();
// electron-vite dev serves the renderer over http; packaged builds never trust it.
const devUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null;
const devOrigin = devUrl ? new URL(devUrl).origin : null;
let core: Core | null = null;
let closed = false;

app.enableSandbox();
// An alarm tone must sound even before the operator has clicked anything (e.g. after a
// restart at 4 a.m.): the console is not a web page subject to autoplay rules.
app.commandLine.appendSwitch('autoplay-policy', 'no-user-gesture-required');
registerAppScheme();
lockDownContents(logger, devOrigin);

function readConfig(): Config | null {
  try {
    // Electron adds the app path and Chromium switches: unknown arguments are ignored here.
    // The data (journal, logs) lives where the system keeps this user's application data, not in the working folder.
    return parseConfig(process.argv.slice(1), process.env, { strict: false, defaultDataDir: app.getPath('userData') });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`veille: ${err.message}\n`);
    dialog.showErrorBox('Veille : configuration invalide', err.message);
    app.exit(2);
    return null;
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow(createWindowOptions(join(here, '..', 'preload', 'index.cjs')));
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(devUrl ?? APP_URL);
  return win;
}

async function start(): Promise<void> {
  const config = readConfig();
  if (!config) return;
  const logDir = await consoleLog.writeFiles(config.dataDir);
  logger.info({ dataDir: config.dataDir, logDir }, 'data folder');
  try {
    core = await bootCore({
      config,
      logger,
      app: { version: app.getVersion(), runtime: 'electron', capabilities: { nativeNotifications: Notification.isSupported() } },
      nativeBinding: process.env.VEILLE_SQLITE_BINDING,
    });
  } catch (err) {
    logger.fatal({ err }, 'console failed to start');
    dialog.showErrorBox('Veille ne peut pas démarrer', (err as Error).message);
    app.exit(1);
    return;
  }
  // The page's audio reaches the voice service on a MessagePort; recordings play from app://console/recordings/.
  const voice = core.services.voice;
  const audio = createElectronAudio({ logger });
  voice?.attachAudio(audio.port);
  audio.listen({ windows, devOrigin });
  handleAppProtocol(join(here, '..', 'renderer'), [recordingsRoute(() => (voice ? (id) => voice.recordingFile(id) : null), logger)]);
  lockDownSession(session.defaultSession);
  attachIpc({ host: core.host, logger, windows, devOrigin });
  createWindow();
  logger.info({ hub: core.hubUrl, demo: core.demo }, 'console started (Electron)');
}

// One console per journal: a second instance focuses the first instead.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    const [win] = windows;
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.whenReady().then(start, (err: unknown) => logger.fatal({ err }, 'app not ready'));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', (event) => {
    if (closed || !core) return;
    event.preventDefault();
    void core
      .close()
      .then(() => consoleLog.close())
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
