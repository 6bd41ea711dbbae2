/**
 * The end-to-end suite once more, against a production build wired to REAL services:
 * PostgreSQL through the Neon driver (WebSocket bridge, `NEON_WS_PROXY`) and Redis through
 * `@vercel/kv` (Upstash REST endpoint). `tests/services/serve.ts` starts those, creates a fresh
 * database, runs `npm run db:migrate` and `npm run db:seed -- --yes`; then `next start` runs with
 * DATABASE_URL + NEON_WS_PROXY + KV_REST_API_URL/TOKEN. Part of `npm run test:services`.
 */
import { randomBytes } from 'node:crypto';
import { defineConfig, devices } from '@playwright/test';
import { freePort, systemChromium } from './tests/e2e/support/playwright-shared';


// Chosen once in the runner; workers re-read the config and inherit these through the environment.
process.env.E2E_PORT ??= String(await freePort());
process.env.SERVICES_BRIDGE_PORT ??= String(await freePort());
process.env.SERVICES_KV_PORT ??= String(await freePort());
process.env.SERVICES_KV_TOKEN ??= randomBytes(24).toString('base64url');
process.env.SERVICES_DB_NAME ??= `es_t_${Date.now()}_${randomBytes(4).toString('hex')}`;
process.env.E2E_AUTH_SECRET ??= 'e2e-secret-0123456789abcdef0123456789abcdef';
process.env.E2E_BACKEND = 'services';

const port = Number(process.env.E2E_PORT);
const kvUrl = `http://127.0.0.1:${process.env.SERVICES_KV_PORT}`;
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  // The flows (sign-in, dashboard, demotion/revocation, API client), plus the checks that
  // look at the servers themselves. The page-by-page and fuzz suites stay on the embedded default.
  testDir: 'tests',
  testMatch: ['e2e/auth.e2e.ts', 'e2e/freshness.e2e.ts', 'e2e/api-products.e2e.ts', 'services/e2e/**/*.e2e.ts'],
  outputDir: 'test-results/services',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { baseURL, trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    {
      name: 'chromium-services',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: systemChromium,
      },
    },
  ],
  webServer: [
    {
      command: 'npx tsx --conditions=react-server tests/services/serve.ts',
      // The REST endpoint listens last; any answer (401 without a token) means all is ready.
      url: kvUrl,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `npm run build && npx next start -p ${port}`,
      url: `${baseURL}/login`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        AUTH_SECRET: process.env.E2E_AUTH_SECRET,
        REQUIRE_ADMIN_MFA: '0',
        REAUTH_WINDOW_SECONDS: '86400',
        DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${process.env.SERVICES_DB_NAME}`,
        NEON_WS_PROXY: `127.0.0.1:${process.env.SERVICES_BRIDGE_PORT}/v1`,
        KV_REST_API_URL: kvUrl,
        KV_REST_API_TOKEN: process.env.SERVICES_KV_TOKEN,
        APP_COUNTERS: '1',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
