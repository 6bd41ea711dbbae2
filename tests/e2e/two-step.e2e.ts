/**
 * Issue 22, point 6: the authenticator app in Chromium against the production build. Set-up from
 * the key shown on /profile/security (codes computed here with otplib), the 10 recovery codes shown
 * once, then signing in with the second step with JavaScript and with JavaScript off, and a
 * recovery code that works once (its second use is refused). Codes never repeat a time step (the
 * replay guard would refuse it): each sign-in takes the next step not used yet, waiting when needed.
 */
import type { Browser, Page } from '@playwright/test';
import { generate } from 'otplib';
import { expect, test } from './support/fixtures';
import { registerUser } from './support/security';

const STEP_MS = 30_000;

/** A code for a time step after `lastStep` that the server accepts now (±1 step); waits for the clock when needed. */
async function nextCode(secret: string, lastStep: number): Promise<{ code: string; step: number }> {
  for (;;) {
    const current = Math.floor(Date.now() / STEP_MS);
    const step = Math.max(lastStep + 1, current);
    if (step <= current + 1) return { code: await generate({ secret, epoch: step * 30 + 1 }), step };
    await new Promise((r) => setTimeout(r, (current + 1) * STEP_MS - Date.now() + 200));
  }
}

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/login\/two-step/);
}

async function newPage(browser: Browser, baseURL: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  return { context, page: await context.newPage() };
}

test('authenticator app: set up from the shown key, sign in with the second step (with and without JavaScript), a recovery code once', async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const user = await registerUser(baseURL!, 'totp');

  // Set-up on /profile/security.
  const first = await newPage(browser, baseURL!);
  await first.page.goto('/login');
  await first.page.getByLabel('Email').fill(user.email);
  await first.page.getByLabel('Password').fill(user.password);
  await first.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(first.page).toHaveURL(/\/dashboard/);
  await first.page.goto('/profile/security');
  const section = first.page.getByRole('region', { name: 'Two-step verification' });
  await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await section.getByTestId('totp-key').innerText()).trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  let last = await nextCode(secret, 0);
  await section.getByLabel('Code from the app').fill(last.code);
  await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
  const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allInnerTexts();
  await expect(section.getByRole('button', { name: 'Sign out other devices' })).toBeVisible();
  await first.page.reload();
  await expect(section.getByText('Recovery codes left:')).toContainText('10');
  await expect(section.getByRole('list', { name: 'Recovery codes' })).toHaveCount(0);
  await first.context.close();

  // With JavaScript: the password, then the code.
  const js = await newPage(browser, baseURL!);
  await passwordStep(js.page, user.email, user.password);
  await expect(js.page.getByText('Enter the 6-digit code from your authenticator app')).toBeVisible();
  const field = js.page.getByLabel('Authentication code');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  last = await nextCode(secret, last.step);
  await field.fill(last.code);
  await js.page.getByRole('button', { name: 'Verify' }).click();
  await expect(js.page).toHaveURL(/\/dashboard/);
  await js.context.close();

  // Without JavaScript, in a new context: a wrong code first (an error on the page), then the right one.
  const plain = await newPage(browser, baseURL!, false);
  await passwordStep(plain.page, user.email, user.password);
  last = await nextCode(secret, last.step);
  await plain.page.getByLabel('Authentication code').fill(last.code === '000000' ? '111111' : '000000');
  await plain.page.getByRole('button', { name: 'Verify' }).click();
  await expect(plain.page.getByText('That code is not correct').first()).toBeVisible();
  await plain.page.getByLabel('Authentication code').fill(last.code);
  await plain.page.getByRole('button', { name: 'Verify' }).click();
  await expect(plain.page).toHaveURL(/\/dashboard/);
  await plain.context.close();

  // A recovery code (no JavaScript needed for the switch either): once.
  const rec = await newPage(browser, baseURL!);
  await passwordStep(rec.page, user.email, user.password);
  await rec.page.getByRole('link', { name: 'Use a recovery code' }).click();
  await expect(rec.page).toHaveURL(/method=recovery/);
  await rec.page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await rec.page.getByRole('button', { name: 'Verify' }).click();
  await expect(rec.page).toHaveURL(/\/dashboard/);
  await rec.page.goto('/profile/security');
  await expect(rec.page.getByRole('region', { name: 'Two-step verification' }).getByText('Recovery codes left:')).toContainText('9');
  await rec.context.close();

  const again = await newPage(browser, baseURL!);
  await passwordStep(again.page, user.email, user.password);
  await again.page.getByRole('link', { name: 'Use a recovery code' }).click();
  await again.page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
  await again.page.getByRole('button', { name: 'Verify' }).click();
  await expect(again.page.getByText('That code is not correct').first()).toBeVisible();
  await expect(again.page).toHaveURL(/\/login\/two-step/);
  await again.context.close();
});
