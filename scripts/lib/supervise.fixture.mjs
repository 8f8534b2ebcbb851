// What `npm start` runs, minus the build: the supervisor around the browser-mode entry,
// run from source through tsx (scripts/start-stop.test.ts launches it with a real npm).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSupervised } from './supervise.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const child = runSupervised(process.execPath, ['--import', 'tsx', join(root, 'main', 'browser.ts'), ...process.argv.slice(2)], { cwd: root });
console.log(`supervisor ${process.pid} console ${child.pid}`);
