/**
 * `npm run test:topology` (scripts/test-topology.mjs builds first): the self-hosting recipe under
 * test. tests/topology/global-setup.ts starts PostgreSQL + Redis (through the bridges), three
 * `next start` instances of one production build and nginx terminating TLS for `app.test`;
 * browsers and HTTP clients reach the app only through the proxy.
 */
import { defineConfig, devices } from '@playwright/test';
import { freePort, systemChromium } from './tests/e2e/support/playwright-shared';

// Chosen once in the runner (workers inherit it): the proxy's TLS port, so baseURL is known here.
process.env.TOPOLOGY_HTTPS_PORT ??= String(await freePort());
export const baseURL = `https://app.test:${process.env.TOPOLOGY_HTTPS_PORT}`;

export default defineConfig({
  testDir: 'tests/topology',
  testMatch: '**/*.e2e.ts',
  outputDir: 'test-results/topology',
  globalSetup: './tests/topology/global-setup.ts',
  // One world shared by every file, changed by some (restarts): one worker, files in name order.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ignoreHTTPSErrors: true,
  },
  projects: [
    {
      name: 'chromium-topology',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          ...systemChromium,
          // `app.test` resolves to the proxy on loopback; the certificate is the suite's own.
          args: [...systemChromium.args, '--host-resolver-rules=MAP app.test 127.0.0.1', '--ignore-certificate-errors'],
        },
      },
    },
  ],
});
