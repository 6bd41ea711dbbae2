/**
 * Issue 16 against the production build, reading the development mailbox: "Forgot password?" →
 * the emailed link → a new password → signed in here, the other browser signed out; the same
 * without JavaScript; the verification link and the dashboard banner's "Resend"; `/dev/mail` is a
 * 404 in a production build. The mail flows run on the instance started with AUTH_URL
 * (playwright.config.ts): in production, links in mail come only from it.
 */
import type { Browser, Page } from '@playwright/test';
import { AuthPages, expect, test, uniqueUser } from './support/fixtures';
import { ACCOUNT_BASE_URL, mailedLink } from './support/mailbox';

test.use({ baseURL: ACCOUNT_BASE_URL });

async function register(browser: Browser, prefix: string) {
  const user = uniqueUser(prefix);
  const context = await browser.newContext({ baseURL: ACCOUNT_BASE_URL });
  const page = await context.newPage();
  await new AuthPages(page).register(user);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { user, context, page };
}

async function askForReset(page: Page, email: string) {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address');
}

async function setNewPassword(page: Page, link: string, password: string) {
  await page.goto(link);
  await page.getByLabel('New password (8 characters or more)').fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Set new password' }).click();
}

test('forgot password → link from the mailbox → new password: signed in here, the other browser signed out', async ({ browser }) => {
  const { user, context: other, page: otherPage } = await register(browser, 'reset');
  const context = await browser.newContext({ baseURL: ACCOUNT_BASE_URL });
  const page = await context.newPage();
  await askForReset(page, user.email);
  const link = await mailedLink(user.email, '/reset-password');
  expect(new URL(link).origin).toBe(ACCOUNT_BASE_URL);

  await setNewPassword(page, link, 'a-fresh-password-9');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();

  await otherPage.goto('/dashboard');
  await expect(otherPage).toHaveURL(/\/login/);

  // The link worked once.
  await page.goto(link);
  await expect(page.getByText('This link has already been used.')).toBeVisible();
  // The new password signs in; the old one does not.
  const fresh = await browser.newContext({ baseURL: ACCOUNT_BASE_URL });
  const signIn = await fresh.newPage();
  await signIn.goto('/login');
  await signIn.getByLabel('Email').fill(user.email);
  await signIn.getByLabel('Password').fill(user.password);
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn.getByText('Invalid email or password.')).toBeVisible();
  await signIn.getByLabel('Password').fill('a-fresh-password-9');
  await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(signIn).toHaveURL(/\/dashboard$/);
  for (const c of [context, other, fresh]) await c.close();
});

test('without JavaScript: the forgot and reset forms post plainly, errors show, and the reset signs in', async ({ browser }) => {
  const { user, context: first } = await register(browser, 'nojs');
  await first.close();
  const context = await browser.newContext({ baseURL: ACCOUNT_BASE_URL, javaScriptEnabled: false });
  const page = await context.newPage();
  await askForReset(page, user.email);
  const link = await mailedLink(user.email, '/reset-password');

  await page.goto(link);
  await page.getByLabel('New password (8 characters or more)').fill('short');
  await page.getByLabel('Repeat the new password').fill('short');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.locator('[data-field-error="password"]')).toContainText('at least 8 characters');

  await setNewPassword(page, link, 'no-script-password-1');
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
  await context.close();
});

test('a tampered link says so and offers a new one', async ({ page }) => {
  await page.goto(`/reset-password?token=${'A'.repeat(43)}`);
  await expect(page.getByText('This link is not valid.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
});

test('verification: the banner until verified, "Resend" sends another link, the link verifies, the banner goes', async ({ browser }) => {
  const { user, context, page } = await register(browser, 'verify');
  const banner = page.getByRole('region', { name: 'Email verification' });
  await expect(banner).toContainText(user.email);
  await banner.getByRole('button', { name: 'Resend the link' }).click();
  await expect(banner.getByRole('status')).toContainText(`We sent a new link to ${user.email}`);
  const link = await mailedLink(user.email, '/verify-email', 2);

  await page.goto(link);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(page.getByRole('status')).toContainText('Your email address is verified.');
  await page.getByRole('link', { name: 'Go to the dashboard' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Email verification' })).toHaveCount(0);
  await context.close();
});

test('locked out after wrong passwords: the message offers the reset by email', async ({ page, request }) => {
  const user = uniqueUser('locked');
  expect((await request.post('/api/register', { data: user })).status()).toBe(201);
  await page.goto('/login');
  for (let i = 0; i < 6; i++) {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(`wrong-password-${i}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeEnabled();
  }
  await expect(page.getByText('Too many sign-in attempts.')).toBeVisible();
  await page.getByRole('link', { name: 'Reset your password by email' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test('/dev/mail is a 404 in a production build', async ({ request }) => {
  const res = await request.get('/dev/mail');
  expect(res.status()).toBe(404);
  expect(await res.text()).not.toContain('reset-password?token=');
});
