// `npm run scripts:check [-- <file.yaml>…]` (scripts/scripts-check.ts), run with tsx and
// the Node tsconfig's path aliases, like journal:verify.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const res = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'scripts-check.ts'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.node.json'), VEILLE_VERIFY_CWD: process.env.INIT_CWD ?? process.cwd() },
});
process.exit(res.status ?? 1);
