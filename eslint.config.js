// Layering rules from DESIGN.md §3, enforced here rather than hoped for.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
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
);
