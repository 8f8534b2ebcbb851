// Layering rules from DESIGN.md §3, enforced here rather than hoped for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import veille from './scripts/lint/layer-imports.mjs';

const electronOnlyInAdapters = {
  paths: [{ name: 'electron', message: 'Only main/electron/** and preload/** may import electron.' }],
};
// Bare built-in names are listed as paths: as patterns they would also match './events'.
const bareBuiltins = ['fs', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'worker_threads', 'url', 'stream', 'events', 'util', 'zlib', 'dgram', 'tls'];
const noNodeNoNative = {
  paths: [
    ...electronOnlyInAdapters.paths,
    ...bareBuiltins.map((name) => ({ name, message: 'No Node built-ins here: this layer also runs in the browser.' })),
    ...['better-sqlite3', 'socket.io', 'socket.io-client', 'kysely', 'pino', 'ws', 'fastify'].map((name) => ({
      name,
      message: 'Node-only library: keep it in main/ or server/.',
    })),
  ],
  patterns: [{ group: ['node:*'], message: 'No Node built-ins here: this layer also runs in the browser.' }],
};
const noReact = ['react', 'react-dom', 'react/*', '@mui/*', '@emotion/*', 'zustand', 'i18next', 'react-i18next'];

// Relative imports across layers (scripts/lint/layer-imports.mjs): which top-level folders each may reach.
const layerBlock = (files, allow, why) => ({ files, rules: { 'veille/layer-imports': ['error', why ? { allow, why } : { allow }] } });
const layers = [
  layerBlock(['shared/**/*.ts'], ['shared'], 'shared/ runs everywhere and depends on nothing else.'),
  layerBlock(['renderer/**/*.{ts,tsx}'], ['renderer', 'shared'], 'The page reaches main/ only through the contract.'),
  layerBlock(['preload/**/*.ts'], ['preload', 'shared']),
  layerBlock(['main/**/*.ts'], ['main', 'shared'], 'The console and the hub are separate programs; they meet through shared/hub-protocol.'),
  // The demo runs the hub and simulator inside the console; tests start a real hub.
  layerBlock(['main/embedded/**/*.ts', 'main/testing/**/*.ts', 'main/**/*.test.ts'], ['main', 'shared', 'server']),
  // The console's SIP user agent runs on the same SIP wrapper as the hub (server/sip/: the `sip` package's pitfalls handled once).
  layerBlock(['main/voice/sip/**/*.ts'], ['main', 'shared', 'server/sip']),
  // Voice test peers (SIPp, baresip) reuse the hub's SIPp runner and free-port helper.
  layerBlock(['main/voice/testing/**/*.ts'], ['main', 'shared', 'server']),
  layerBlock(['server/**/*.ts'], ['server', 'shared'], 'The hub never depends on the console.'),
  // Simulated beacons and outside lines speak SIP and RTP with the console's own user agent and media code.
  layerBlock(['server/simulator/voice/**/*.ts'], ['server', 'shared', 'main/voice/sip', 'main/voice/media', 'main/voice/testing']),
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { veille } },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInAdapters],
    },
  },
  {
    files: ['main/**/*.ts', 'server/**/*.ts'],
    ignores: ['main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: electronOnlyInAdapters.paths, patterns: [{ group: noReact, message: 'No UI code in main/ or server/.' }] },
      ],
    },
  },
  { files: ['main/electron/**/*.ts', 'preload/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: noNodeNoNative.paths, patterns: [...noNodeNoNative.patterns, { group: noReact, message: 'shared/ is pure: no UI library.' }] },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-imports': ['error', noNodeNoNative] },
  },
  ...layers,
);
