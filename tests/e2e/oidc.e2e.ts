/**
 * Sign-in with a real OpenID Connect provider (issue 23, security cases 80–81): `oidc-provider` on
 * loopback (tests/e2e/support/oidc-server.mjs) and the app's third instance configured for it
 * (playwright.config.ts), through the provider's own login and consent pages in Chromium.
 */
import { decode } from 'next-auth/jwt';
import type { Browser, Page } from '@playwright/test';
import { DEMO_ADMIN, expect, test, uniqueUser } from './support/fixtures';
import { E2E_SECRET } from './support/security';
import { apiSignIn } from './support/sessions';
import { ApiClient } from './support/api-client';
import { enableTotp, signInWithCode } from './support/two-step';

const APP = process.env.E2E_OIDC_APP_ORIGIN!;
const PROVIDER = `http://127.0.0.1:${process.env.E2E_OIDC_PORT}`;
test.use({ baseURL: APP });

/**
 * From /login (or the Security page) through the provider's login and consent pages. Every call
 * runs in a browser new to the provider, so both pages always come.
 */
async function throughProvider(page: Page, login: string) {
  await page.waitForURL((url) => url.origin === PROVIDER);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any-password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === APP);
}

async function ssoSignIn(page: Page, login: string) {
  await page.goto('/login');
  await page.getByRole('button', { name: 'Company SSO' }).click();
  await throughProvider(page, login);
}

/** A browser of its own (the provider's session cookie would otherwise sign the next test in). */
async function freshPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: APP });
  return context.newPage();
}

/**
 * This instance runs the admin policy (REQUIRE_ADMIN_MFA=1): the demo admin acts through the admin
 * API only after a sign-in with its second factor (the authenticator app, turned on once here).
 */
let adminKey: string | undefined;
async function policyAdmin(): Promise<ApiClient> {
  if (!adminKey) adminKey = (await enableTotp(await apiSignIn(APP, DEMO_ADMIN))).secret;
  return signInWithCode(APP, DEMO_ADMIN, adminKey);
}

async function me(page: Page) {
  const res = await page.request.get('/api/user');
  expect(res.status()).toBe(200);
  return (await res.json()) as { id: string; email: string };
}

async function sessionClaims(page: Page) {
  const cookie = (await page.context().cookies(APP)).find((c) => c.name === 'authjs.session-token');
  return cookie ? decode({ token: cookie.value, secret: E2E_SECRET, salt: 'authjs.session-token' }) : null;
}

test('a new user gets a verified account; the same identity returns to it', async ({ page, browser }) => {
  await ssoSignIn(page, 'new-user');
  await expect(page).toHaveURL(`${APP}/dashboard`);
  await expect(page.getByText('Please verify your email address')).toHaveCount(0);
  const first = await me(page);
  expect(first.email).toBe('new.sso@example.test');

  const again = await freshPage(browser);
  await ssoSignIn(again, 'new-user');
  await expect(again).toHaveURL(`${APP}/dashboard`);
  expect((await me(again)).id).toBe(first.id);

  // Its only way to sign in: disconnecting is refused.
  await again.goto('/profile/security');
  await again.getByRole('button', { name: 'Disconnect Company SSO' }).click();
  await expect(again.getByText('This is the only way to sign in to your account')).toBeVisible();
  await again.context().close();
});

test("an unverified password account with the provider's address is refused; its password opens only that account", async ({ page }) => {
  // The attacker registered the victim's address first, with a password, and never verified it.
  const attacker = new ApiClient(APP);
  expect((await attacker.fetch('/api/register', { method: 'POST', json: { name: 'Squatter', email: 'squatted.sso@example.test', password: 'attacker-password-1' } })).status).toBe(201);

  await ssoSignIn(page, 'squatted');
  await expect(page).toHaveURL(/\/login\?error=ProviderSignIn&code=link_required/);
  await expect(page.getByText('An account with this email address already exists. Sign in with your password, then connect Company SSO on the Security page.')).toBeVisible();
  expect(await sessionClaims(page)).toBeNull();

  await attacker.signIn('squatted.sso@example.test', 'attacker-password-1');
  expect(attacker.sessionToken).toBeTruthy();
  await page.context().addCookies([{ name: 'authjs.session-token', value: attacker.sessionToken!, url: APP }]);
  await page.goto('/profile/security');
  await expect(page.locator('li[data-provider="oidc"]')).toContainText('not connected');
});

test('an unverified provider address creates nothing', async ({ page }) => {
  await ssoSignIn(page, 'unverified');
  await expect(page.getByText('Company SSO did not confirm that your email address is verified')).toBeVisible();
  expect(await sessionClaims(page)).toBeNull();
});

test('connect from the Security page (password again), sign in with it, then disconnect', async ({ page, auth, browser }) => {
  const user = uniqueUser('connect');
  await auth.register(user);
  await expect(page).toHaveURL(`${APP}/dashboard`);
  await page.goto('/profile/security');
  const row = page.locator('li[data-provider="oidc"]');
  await row.getByLabel(/Your password/).fill('wrong-password-1');
  await row.getByRole('button', { name: 'Connect Company SSO' }).click();
  await expect(page.getByText('The password is not correct')).toBeVisible();

  await row.getByLabel(/Your password/).fill(user.password);
  await row.getByRole('button', { name: 'Connect Company SSO' }).click();
  await throughProvider(page, 'connector');
  await expect(page).toHaveURL(/\/profile\/security\?connect=connected/);
  await expect(page.getByText('Company SSO is connected')).toBeVisible();
  const mine = await me(page);

  const other = await freshPage(browser);
  await ssoSignIn(other, 'connector');
  await expect(other).toHaveURL(`${APP}/dashboard`);
  expect((await me(other)).id).toBe(mine.id);
  await other.context().close();

  await page.goto('/profile/security');
  await page.getByRole('button', { name: 'Disconnect Company SSO' }).click();
  await expect(page.getByText('The account was disconnected.')).toBeVisible();
  await expect(page.locator('li[data-provider="oidc"]')).toContainText('not connected');
});

test('a banned user gets no session through the provider', async ({ page, browser }) => {
  await ssoSignIn(page, 'banned');
  const { id } = await me(page);
  const admin = await policyAdmin();
  expect((await admin.fetch(`/api/admin/users/${id}`, { method: 'PATCH', json: { banned: true } })).status).toBe(200);

  const again = await freshPage(browser);
  await ssoSignIn(again, 'banned');
  await expect(again).toHaveURL(/\/login\?error=ProviderSignIn&code=account_disabled/);
  await expect(again.getByText('This account cannot sign in.')).toBeVisible();
  expect(await sessionClaims(again)).toBeNull();
  await again.context().close();
});

test("the provider's MFA is recorded in the session; a plain sign-in is one factor", async ({ page, browser }) => {
  await ssoSignIn(page, 'mfa-user');
  await expect(page).toHaveURL(`${APP}/dashboard`);
  expect((await sessionClaims(page))?.amr).toEqual(['oidc', 'mfa']);

  const plain = await freshPage(browser);
  await ssoSignIn(plain, 'plain');
  await expect(plain).toHaveURL(`${APP}/dashboard`);
  expect((await sessionClaims(plain))?.amr).toEqual(['oidc']);
  await plain.context().close();
});

test("the admin policy: an admin whose IdP reported MFA gets the admin pages; a plain provider sign-in and a password alone do not", async ({ page, browser }) => {
  const admin = await policyAdmin();
  // A password alone is one factor: an admin without a second factor gets no admin API.
  const ops = uniqueUser('ops');
  const registered = await new ApiClient(APP).fetch('/api/register', { method: 'POST', json: ops });
  expect(registered.status).toBe(201);
  const { user: opsUser } = (await registered.json()) as { user: { id: string } };
  expect((await admin.fetch(`/api/admin/users/${opsUser.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
  const passwordOnly = await apiSignIn(APP, ops);
  const refused = await passwordOnly.fetch('/api/admin/users');
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ code: 'mfa-enrollment-required' });

  await ssoSignIn(page, 'mfa-admin');
  const mfa = await me(page);
  expect((await admin.fetch(`/api/admin/users/${mfa.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
  // The promotion reaches the open session on its next request; the IdP's MFA satisfies the policy.
  await page.goto('/admin/users');
  await expect(page).toHaveURL(`${APP}/admin/users`);
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
  expect((await page.request.get('/api/admin/users')).status()).toBe(200);
  expect((await sessionClaims(page))?.amr).toEqual(['oidc', 'mfa']);

  const plain = await freshPage(browser);
  await ssoSignIn(plain, 'plain-admin');
  const one = await me(plain);
  expect((await admin.fetch(`/api/admin/users/${one.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
  await plain.goto('/admin/users');
  await expect(plain).toHaveURL(`${APP}/profile/security?enroll=admin`);
  await expect(plain.getByText('Admins must use two-step verification')).toBeVisible();
  const api = await plain.request.get('/api/admin/users');
  expect(api.status()).toBe(403);
  expect(await api.json()).toMatchObject({ code: 'mfa-enrollment-required' });
  await plain.context().close();
});
