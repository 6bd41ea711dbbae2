/**
 * The dashboard a signed-in user lands on: the next step when there is nothing yet, then the latest
 * products, the counts, and the account at a glance ("signed in since" in the browser's time zone).
 */
import { DEMO_ADMIN, expect, test } from './support/fixtures';
import { adoptSession, apiSignIn, apiUser, createProducts } from './support/sessions';

const squash = (text: string) => text.replace(/\s+/g, ' ');

test.describe('the dashboard', () => {
  test.use({ timezoneId: 'Asia/Tokyo', locale: 'en-US' });

  test('empty: a next step; then the five newest products, linked, and the count', async ({ page, context, baseURL }) => {
    const { user, client } = await apiUser(baseURL!, 'dash');
    await adoptSession(context, client, baseURL!);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);
    await expect(page.getByTestId('stat-your-products')).toHaveText('0');
    await expect(page.getByRole('heading', { name: 'Create your first product' })).toBeVisible();
    // The header says who is signed in; the page names the address at most once (the banner of an
    // account whose email is not verified yet).
    expect((await page.locator('main').innerText()).split(user.email).length - 1).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('account-role')).toHaveText('User');

    // "Signed in since": the session's sign-in time, formatted by the browser in its own zone.
    const since = page.getByTestId('signed-in-since').locator('time');
    const iso = (await since.getAttribute('datetime'))!;
    expect(Date.now() - Date.parse(iso)).toBeLessThan(10 * 60_000);
    const tokyo = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date(iso));
    await expect(since).toHaveAttribute('data-local');
    expect(squash(await since.innerText())).toBe(squash(tokyo));

    await page.getByRole('link', { name: 'Create product' }).click();
    await expect(page).toHaveURL(/\/products\/new$/);

    const ids = await createProducts(client, Array.from({ length: 7 }, (_, i) => ({ name: `Dash ${i + 1}`, priceCents: 100 * (i + 1) })));
    await page.goto('/dashboard');
    await expect(page.getByTestId('stat-your-products')).toHaveText('7');
    await expect(page.getByRole('heading', { name: 'Create your first product' })).toHaveCount(0);
    const recent = page.getByTestId('recent-products').getByRole('listitem');
    await expect(recent).toHaveCount(5);
    await expect(recent.getByRole('link')).toHaveText(['Dash 7', 'Dash 6', 'Dash 5', 'Dash 4', 'Dash 3']);
    await expect(recent.first()).toContainText('$7.00');
    await recent.getByRole('link', { name: 'Dash 7' }).click();
    await expect(page).toHaveURL(new RegExp(`/products/${ids[6]}$`));
    await page.goto('/dashboard');
    await page.getByRole('link', { name: 'View all your products' }).click();
    await expect(page).toHaveURL(/\/products$/);
  });

  test('an admin also sees every product counted and their role', async ({ page, context, baseURL }) => {
    await adoptSession(context, await apiSignIn(baseURL!, DEMO_ADMIN), baseURL!);
    await page.goto('/dashboard');
    await expect(page.getByTestId('account-role')).toHaveText('Admin');
    await expect(page.getByTestId('stat-all-products')).toHaveText(/^\d+$/);
    await page.getByRole('link', { name: 'View all products' }).click();
    await expect(page).toHaveURL(/\/products\?scope=all$/);
  });
});

test.describe('the dashboard without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('times read as UTC', async ({ page, context, baseURL }) => {
    const { client } = await apiUser(baseURL!, 'dash-nojs');
    await adoptSession(context, client, baseURL!);
    await page.goto('/dashboard');
    await expect(page.getByTestId('signed-in-since')).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
  });
});
