// `npm start`: build what is stale, then run the console in Electron when its runtime
// is installed, otherwise in browser mode (same services, served on 127.0.0.1). The console
// stops with npm: see lib/supervise.mjs.
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './lib/build-if-stale.mjs';
import { electronBinary } from './lib/electron-runtime.mjs';
import { runSupervised } from './lib/supervise.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const wantsHelp = args.includes('--help') || args.includes('-h');
buildIfStale(root);

const electron = process.env.VEILLE_BROWSER_MODE ? null : electronBinary(root);
if (electron) {
  runSupervised(electron, ['.', ...args], { cwd: root });
} else {
  if (!wantsHelp) {
    console.log(
      'Electron runtime not installed (it cannot be downloaded on this machine; elsewhere: `npx install-electron`).\n' +
        'Serving the console in browser mode instead: open the address printed below in Chromium, Firefox or Edge.',
    );
  }
  runSupervised(process.execPath, ['out/main/browser.js', ...args], { cwd: root });
}
