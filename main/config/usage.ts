/** `--help`: every console flag and environment variable, as the README's settings table lists them. */
export const USAGE = `Veille — console de téléassistance

Usage: npm start -- [options]          (Electron when installed, else browser mode)
       node out/main/browser.js [options]   (browser mode)

Options:
  --hub-url <url>     hub address, http:// or https://          env VEILLE_HUB_URL
                      none: demo mode (embedded hub and simulated beacons)
  --data-dir <dir>    data folder (journal, logs/, token)        env VEILLE_DATA      default .data/console
                      Electron: default the user-data folder (Linux ~/.config/veille)
  --port <n>          browser-mode port (0: any free port)       env VEILLE_PORT      default 4800
  --host <addr>       browser-mode bind address                                       default 127.0.0.1
  --sim-rate <n>      simulated alarms per minute (demo)         env VEILLE_SIM_RATE  default 4
  --no-sim            demo without simulated alarms
  --token <t>         browser-mode token for this launch only (16-256 of A-Z a-z 0-9 _ -), not saved
                      default: the token kept in <data-dir>/browser-token, created at first start
  --new-token         replace the kept browser-mode token (open tabs are then refused)
  --retention-days <n> journal payloads (personal data) kept this many days once at the hub;
                      older ones are removed, their hashes kept   env VEILLE_RETENTION_DAYS default 365
  --sip-host <addr>   voice: SIP and RTP bind address                                 default 127.0.0.1
  --sip-port <n>      voice: SIP port (0: any free port)                              default 0
  --trunk <uri>       voice: SIP trunk for calls to 17, 18, 15 and contacts (sip:host:port)
                      none: call-outs are refused (demo: the simulated lines)
  -h, --help          this help

Environment:
  VEILLE_HUB_URL, VEILLE_DATA, VEILLE_PORT, VEILLE_SIM_RATE, VEILLE_RETENTION_DAYS   as above (a flag wins over its variable)
  VEILLE_LOG_LEVEL    level of the JSON logs (stderr and <data-dir>/logs): fatal, error, warn, info (default), debug
  VEILLE_BROWSER_MODE npm start: serve browser mode even when Electron is installed
  VEILLE_SQLITE_BINDING Electron packaging: path of better_sqlite3.node built for Electron

Browser mode prints "Veille console ready at <url>" on stdout when ready; open that address.
Exit status: 0 stopped, 1 could not start, 2 bad setting.
`;
