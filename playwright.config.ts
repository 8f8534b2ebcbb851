import { defineConfig } from '@playwright/test';

// Playwright cannot download a browser on our machines: Debian's Chromium drives the
// console in browser mode (same main-process services as Electron, over a loopback WebSocket).
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // Each test starts its own hub and consoles on random ports; two cores do not like more.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    colorScheme: 'dark',
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.VEILLE_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
