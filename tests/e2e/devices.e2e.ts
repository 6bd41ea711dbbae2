/**
 * Issue 16, sessions and devices against the production build, in Chromium: the device list with
 * two (three) browser contexts, "Sign out this device" for the other one (its very next request is
 * signed out), "Sign out all other devices" (this one continues), and an admin ending one session
 * from the user's page (its audit entry is asserted in tests/security/devices.test.ts).
 */
import type { Browser, BrowserContext } from '@playwright/test';
import { DEMO_ADMIN, expect, test } from './support/fixtures';
import { registerUser } from './support/security';

async function signedInContext(browser: Browser, baseURL: string, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return context;
}

async function isSignedOut(context: BrowserContext): Promise<boolean> {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/dashboard');
  return /\/login/.test(page.url());
}

test('the device list: sign out the other device, which is signed out on its next request', async ({ browser, baseURL }) => {
  const user = await registerUser(baseURL!, 'devices');
  const laptop = await signedInContext(browser, baseURL!, user.email, user.password);
  const phone = await signedInContext(browser, baseURL!, user.email, user.password);
  const page = laptop.pages()[0]!;
  await page.goto('/profile/security');
  const list = page.getByRole('list', { name: 'Signed-in devices' });
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await expect(list.getByText('This device', { exact: true })).toHaveCount(1);
  await expect(list.locator('li[data-current="true"]')).toContainText('This device');
  await expect(list.getByRole('listitem').first()).toContainText('Chrome on');

  await list.locator('li[data-current="false"]').getByRole('button', { name: /Sign out/ }).click();
  await expect(page.getByText('That device was signed out.')).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(1);

  expect(await isSignedOut(phone)).toBe(true);
  expect(await isSignedOut(laptop)).toBe(false);
  const api = await laptop.request.get('/api/user/sessions');
  expect(((await api.json()) as { items: { current: boolean }[] }).items).toEqual([expect.objectContaining({ current: true })]);
  await laptop.close();
  await phone.close();
});

test('"Sign out all other devices": every other context is signed out, this one continues', async ({ browser, baseURL }) => {
  const user = await registerUser(baseURL!, 'others');
  const here = await signedInContext(browser, baseURL!, user.email, user.password);
  const second = await signedInContext(browser, baseURL!, user.email, user.password);
  const third = await signedInContext(browser, baseURL!, user.email, user.password);
  const page = here.pages()[0]!;
  await page.goto('/profile/security');
  await expect(page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(3);
  await page.getByRole('button', { name: 'Sign out all other devices' }).click();
  await expect(page.getByText('Every other device was signed out.')).toBeVisible();
  expect(await isSignedOut(second)).toBe(true);
  expect(await isSignedOut(third)).toBe(true);
  expect(await isSignedOut(here)).toBe(false);
  await page.goto('/profile/security');
  await expect(page.getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem')).toHaveCount(1);
  for (const c of [here, second, third]) await c.close();
});

test('an admin ends one session of a user from the user page; the user\'s other session continues', async ({ browser, baseURL }) => {
  const user = await registerUser(baseURL!, 'adminend');
  const first = await signedInContext(browser, baseURL!, user.email, user.password);
  const second = await signedInContext(browser, baseURL!, user.email, user.password);
  const admin = await signedInContext(browser, baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
  const page = admin.pages()[0]!;
  await page.goto(`/admin/users?q=${encodeURIComponent(user.email)}`);
  const row = page.locator(`tr[data-user-email="${user.email}"]`);
  await expect(row.getByText('unverified')).toBeVisible();
  await row.getByRole('link', { name: `Sessions and details of ${user.email}` }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${user.id}$`));
  const sessions = page.getByRole('list', { name: 'Active sessions' }).getByRole('listitem');
  await expect(sessions).toHaveCount(2);
  await sessions.first().getByRole('button', { name: /End session/ }).click();
  await expect(page.getByText('Session ended')).toBeVisible();
  await expect(sessions).toHaveCount(1);
  const signedOut = [await isSignedOut(first), await isSignedOut(second)];
  expect(signedOut.sort()).toEqual([false, true]);
  for (const c of [first, second, admin]) await c.close();
});
