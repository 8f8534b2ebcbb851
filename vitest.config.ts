import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'shared') } },
  test: {
    include: ['{shared,main,server,renderer,preload,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    // jest-dom's matchers; harmless under the node environment (it only extends expect).
    setupFiles: ['renderer/src/test/setup-dom.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
