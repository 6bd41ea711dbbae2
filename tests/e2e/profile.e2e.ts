import type { Page } from '@playwright/test';
import { ApiClient } from './support/api-client';
import { AuthPages, expect, test, uniqueUser } from './support/fixtures';

async function saveProfile(page: Page, fields: { name?: string; bio?: string }) {
  if (fields.name !== undefined) await page.getByLabel('Name').fill(fields.name);
  if (fields.bio !== undefined) await page.getByLabel(/Bio/).fill(fields.bio);
  await page.getByRole('button', { name: 'Save profile' }).click();
}

async function saveTheme(page: Page, theme: 'Light' | 'Dark' | 'System') {
  await page.getByRole('radio', { name: theme }).check();
  await page.getByRole('button', { name: 'Save settings' }).click();
}

const bodyBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test.describe('/profile', () => {
  test('the header shows the signed-in user through useUser()', async ({ page, auth }) => {
    const user = uniqueUser('badge');
    await auth.register(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    const badge = page.getByTestId('user-badge');
    await expect(badge.getByTestId('header-user-name')).toHaveText(user.name);
    await expect(badge).toContainText(user.email);
    // Initials of "badge <id>": the first letters of the first and last words.
    await expect(badge).toContainText(`B${user.name.split(' ')[1]![0]!.toUpperCase()}`);
  });

  test('the profile form shows field errors, keeps the input, then saves and shows the new name in the header', async ({ page, auth }) => {
    const user = uniqueUser('profile');
    await auth.register(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/profile');
    await expect(page.getByRole('heading', { name: 'Profile', level: 1 })).toBeVisible();
    await expect(page.getByLabel('Name')).toHaveValue(user.name);

    await saveProfile(page, { name: 'x', bio: 'b'.repeat(501) });
    await expect(page.locator('[data-field-error=name]')).toHaveText('Name must be at least 2 characters');
    await expect(page.locator('[data-field-error=bio]')).toHaveText('Bio must be at most 500 characters');
    await expect(page.getByLabel('Name')).toHaveValue('x');
    await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('header-user-name')).toHaveText(user.name);

    const newName = `Renamed ${user.name.split(' ')[1]}`;
    await saveProfile(page, { name: newName, bio: 'I like 🌶️ peppers.' });
    await expect(page.getByRole('status')).toHaveText('Profile saved.');
    await expect(page.locator('[data-field-error]')).toHaveCount(0);
    await expect(page.getByTestId('header-user-name')).toHaveText(newName);
    await expect(page.getByLabel(/Bio/)).toHaveValue('I like 🌶️ peppers.');

    // The name lives in the re-issued session cookie: it survives a reload and other pages show it.
    await page.reload();
    await expect(page.getByTestId('header-user-name')).toHaveText(newName);
    await expect(page.getByLabel('Name')).toHaveValue(newName);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: `Welcome, ${newName}` })).toBeVisible();
  });

  test('the settings change the theme on <html>, and it persists across pages', async ({ page, auth }) => {
    await auth.register(uniqueUser('theme'));
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('/profile');
    const html = page.locator('html');
    await expect(html).not.toHaveClass(/\bdark\b/);
    const lightBackground = await bodyBackground(page);

    await saveTheme(page, 'Dark');
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
    await expect(html).toHaveClass(/\bdark\b/);
    const darkBackground = await bodyBackground(page);
    expect(darkBackground).not.toBe(lightBackground);

    await page.goto('/dashboard');
    await expect(html).toHaveClass(/\bdark\b/);

    await page.goto('/profile');
    await expect(page.getByRole('radio', { name: 'Dark' })).toBeChecked();
    await saveTheme(page, 'Light');
    await expect(html).toHaveClass(/\blight\b/);
    await expect(html).not.toHaveClass(/\bdark\b/);

    // "System" follows the operating system's preference.
    await saveTheme(page, 'System');
    await expect(html).not.toHaveClass(/\b(light|dark)\b/);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await bodyBackground(page)).toBe(darkBackground);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await bodyBackground(page)).toBe(lightBackground);
  });

  test('the email notifications switch is saved', async ({ page, auth }) => {
    await auth.register(uniqueUser('notify'));
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/profile');
    const checkbox = page.getByRole('checkbox', { name: /Email notifications/ });
    await expect(checkbox).toBeChecked();
    await checkbox.uncheck();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toHaveText('Settings saved.');
    await page.reload();
    await expect(page.getByRole('checkbox', { name: /Email notifications/ })).not.toBeChecked();
  });

  test('the profile form works with JavaScript disabled', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    const page = await context.newPage();
    try {
      const user = uniqueUser('nojs');
      await new AuthPages(page).register(user);
      await expect(page).toHaveURL(/\/dashboard$/);

      await page.goto('/profile');
      await saveProfile(page, { name: '😀'.repeat(51) });
      await expect(page.locator('[data-field-error=name]')).toHaveText('Name must be at most 50 characters');
      await expect(page.getByLabel('Name')).toHaveValue('😀'.repeat(51));

      const newName = `No Script ${user.name.split(' ')[1]}`;
      await saveProfile(page, { name: newName, bio: 'Plain HTML forms.' });
      await expect(page.getByRole('status')).toHaveText('Profile saved.');
      await expect(page.getByTestId('header-user-name')).toHaveText(newName);

      await saveTheme(page, 'Dark');
      await expect(page.locator('html')).toHaveClass(/\bdark\b/);
      await page.goto('/profile');
      await expect(page.getByLabel('Name')).toHaveValue(newName);
      await expect(page.getByLabel(/Bio/)).toHaveValue('Plain HTML forms.');
    } finally {
      await context.close();
    }
  });

  test('reads well on a phone: nothing overflows sideways', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, baseURL, isMobile: true });
    const page = await context.newPage();
    try {
      const user = uniqueUser('phone');
      await new AuthPages(page).register(user);
      await expect(page).toHaveURL(/\/dashboard$/);
      for (const path of ['/profile', '/dashboard', '/no-such-page', '/unauthorized']) {
        await page.goto(path);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
      }
    } finally {
      await context.close();
    }
  });
});

test.describe('not found', () => {
  test('an unknown URL answers 404 with a friendly page', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'We couldn’t find that page' })).toBeVisible();
    // Signed out: the way back is home or sign-in, not a dashboard this visitor cannot open.
    await expect(page.getByRole('link', { name: 'Back to your dashboard' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Home' })).toHaveAttribute('href', '/');
    await expect(page.getByRole('link', { name: 'Sign in', exact: true })).toHaveAttribute('href', '/login');
  });
});

test.describe('PATCH /api/user from an API client (fetch + cookie jar)', () => {
  test('updates name and bio, re-issues the cookie, and answers 401/403/415/422 without changing anything', async ({ baseURL }) => {
    const user = uniqueUser('api');
    const client = new ApiClient(baseURL!);
    expect((await client.fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);
    expect((await client.signIn(user.email, user.password)).status).toBe(302);
    const firstToken = client.sessionToken;

    const ok = await client.fetch('/api/user', { method: 'PATCH', json: { name: 'Api Client Name', bio: 'From a script' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(await ok.json()).toMatchObject({ name: 'Api Client Name', bio: 'From a script', email: user.email, role: 'user' });
    expect(client.sessionToken).not.toBe(firstToken);
    expect(await (await client.fetch('/api/user')).json()).toMatchObject({ name: 'Api Client Name' });

    const refusals: Array<[RequestInit & { json?: unknown }, number]> = [
      [{ method: 'PATCH', json: { name: 'Sneaky', role: 'admin' } }, 422],
      [{ method: 'PATCH', json: { name: 'Nul\u0000Name' } }, 422],
      [{ method: 'PATCH', json: { name: '😀'.repeat(51) } }, 422],
      [{ method: 'PATCH', json: {} }, 422],
      [{ method: 'PATCH', body: 'name=Form', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415],
      [{ method: 'PATCH', json: { name: 'Cross Site' }, headers: { origin: 'https://evil.example' } }, 403],
    ];
    for (const [init, status] of refusals) {
      const res = await client.fetch('/api/user', init);
      expect(res.status, JSON.stringify(init)).toBe(status);
      expect(await res.json()).toHaveProperty('error');
    }
    const anonymous = new ApiClient(baseURL!);
    const unauthenticated = await anonymous.fetch('/api/user', { method: 'PATCH', json: { name: 'Nobody Here' } });
    expect(unauthenticated.status).toBe(401);
    expect(await unauthenticated.json()).toEqual({ error: 'Unauthorized' });

    expect(await (await client.fetch('/api/user')).json()).toMatchObject({ name: 'Api Client Name' });
  });
});

test.describe('/profile data access', () => {
  test('a steady-state /profile render costs one database query (user + profile + settings together)', async ({ baseURL }) => {
    const user = uniqueUser('counted');
    const client = new ApiClient(baseURL!);
    expect((await client.fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);
    await client.signIn(user.email, user.password);
    const counters = async () => (await (await client.fetch('/api/internal/counters')).json()) as { dbQueries: number; kvReads: number };
    // Warm-up: the first request may refill the KV marker from the database.
    expect((await client.fetch('/profile')).status).toBe(200);
    const before = await counters();
    const page = await client.fetch('/profile');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(user.email);
    const after = await counters();
    expect(after.dbQueries - before.dbQueries).toBe(1);
  });
});
