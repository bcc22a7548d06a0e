import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (Playwright cannot download browsers here) against
 * the production build of Canopy, the simulator and a throwaway embedded PostgreSQL, all started
 * by tests/e2e/global-setup.ts. Run `npm run build` first (`npm test` does).
 */
const canopyPort = Number(process.env.E2E_CANOPY_PORT ?? 3100);

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${canopyPort}`,
    browserName: 'chromium',
    // The simulator serves https with its own local CA.
    ignoreHTTPSErrors: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
