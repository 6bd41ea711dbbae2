import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';
import { freePort, systemChromium } from './tests/e2e/support/playwright-shared';


process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_DATA_DIR ??= path.join(mkdtempSync(path.join(tmpdir(), 'edge-sessions-e2e-')), 'pglite');
// The development mailbox of the main server: a sibling of its data folder.
process.env.E2E_MAIL_DIR ??= path.join(path.dirname(process.env.E2E_DATA_DIR), 'mail');
// A second instance of the same build with AUTH_URL set (its own data and mailbox): in production,
// links in mail come only from AUTH_URL, while the main server has none (the host suites need that).
process.env.E2E_ACCOUNT_PORT ??= String(await freePort());
process.env.E2E_ACCOUNT_DIR ??= mkdtempSync(path.join(tmpdir(), 'edge-sessions-e2e-account-'));
// tests/e2e/oidc.e2e.ts: a real OpenID Connect provider (oidc-provider) and a third instance of the
// same build configured for it (AUTH_OIDC_*), with its own data: the other specs see no SSO button.
process.env.E2E_OIDC_PORT ??= String(await freePort());
process.env.E2E_OIDC_APP_PORT ??= String(await freePort());
process.env.E2E_OIDC_APP_ORIGIN ??= `http://localhost:${process.env.E2E_OIDC_APP_PORT}`;
process.env.E2E_OIDC_APP_DIR ??= mkdtempSync(path.join(tmpdir(), 'edge-sessions-e2e-oidc-'));
// The server's secret: known to the tests so they can mint tokens with Auth.js's own `encode`.
process.env.E2E_AUTH_SECRET ??= 'e2e-secret-0123456789abcdef0123456789abcdef';

const port = Number(process.env.E2E_PORT);
export const baseURL = `http://localhost:${port}`;
const accountPort = Number(process.env.E2E_ACCOUNT_PORT);
const accountDir = process.env.E2E_ACCOUNT_DIR;
const oidcPort = Number(process.env.E2E_OIDC_PORT);
const oidcApp = process.env.E2E_OIDC_APP_ORIGIN;
const oidcAppDir = process.env.E2E_OIDC_APP_DIR!;

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.e2e.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: systemChromium,
      },
    },
  ],
  // Started one after the other: the second instance reuses the first one's build.
  webServer: [
    {
      // A production build on a free port with a fresh temporary data folder.
      command: `npm run build && npx next start -p ${port}`,
      url: `${baseURL}/login`,
      timeout: 240_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        AUTH_SECRET: process.env.E2E_AUTH_SECRET,
        PGLITE_DATA_DIR: process.env.E2E_DATA_DIR,
        MAIL_DIR: process.env.E2E_MAIL_DIR,
        // The suites sign in as the public demo accounts: a production start seeds them only on request.
        SEED_DEMO_ACCOUNTS: '1',
        // The demo admin has no second factor; the admin policy is proven on the OIDC instance below.
        REQUIRE_ADMIN_MFA: '0',
        APP_COUNTERS: '1',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      command: `npx next start -p ${accountPort}`,
      url: `http://localhost:${accountPort}/login`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        AUTH_SECRET: process.env.E2E_AUTH_SECRET,
        AUTH_URL: `http://localhost:${accountPort}`,
        PGLITE_DATA_DIR: path.join(accountDir!, 'pglite'),
        MAIL_DIR: path.join(accountDir!, 'mail'),
        SEED_DEMO_ACCOUNTS: '1',
        REQUIRE_ADMIN_MFA: '0',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    {
      command: 'node tests/e2e/support/oidc-server.mjs',
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: { E2E_OIDC_PORT: String(oidcPort), E2E_OIDC_APP_ORIGIN: oidcApp! },
    },
    {
      command: `npx next start -p ${process.env.E2E_OIDC_APP_PORT}`,
      url: `${oidcApp}/login`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      env: {
        AUTH_SECRET: process.env.E2E_AUTH_SECRET,
        AUTH_URL: oidcApp!,
        PGLITE_DATA_DIR: path.join(oidcAppDir, 'pglite'),
        MAIL_DIR: path.join(oidcAppDir, 'mail'),
        SEED_DEMO_ACCOUNTS: '1',
        AUTH_OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        AUTH_OIDC_ID: 'edge-sessions-e2e',
        AUTH_OIDC_SECRET: 'edge-sessions-e2e-secret-0123456789',
        AUTH_OIDC_NAME: 'Company SSO',
        // The production default, set explicitly: admins need a second factor (the IdP's MFA counts).
        REQUIRE_ADMIN_MFA: '1',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
