/**
 * Authorization that is never stale, in a real browser: two contexts (an admin and a user), the
 * admin changes the user, and the user's very next navigation, form submit and API call (with
 * the cookie captured before the change) are denied. Fresh users only; the demo admin acts but
 * is never demoted or banned.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { ApiClient } from './support/api-client';
import { AuthPages, confirmStep, DEMO_ADMIN, expect, test, uniqueUser } from './support/fixtures';

type Counts = { dbQueries: number; kvReads: number };

async function newSignedInPage(browser: Browser, baseURL: string, user: { email: string; password: string; name: string }, register = false) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  const auth = new AuthPages(page);
  if (register) await auth.register(user);
  else await auth.signIn(user.email, user.password);
  await expect(page).toHaveURL(/\/dashboard/);
  return { context, page };
}

async function sessionCookieOf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies()).find((c) => c.name.endsWith('authjs.session-token'));
  if (!cookie) throw new Error('no session cookie');
  return `${cookie.name}=${cookie.value}`;
}

/** The admin confirms one of the row actions of `email` on /admin/users and waits for its message. */
async function adminDoes(page: Page, email: string, trigger: string, confirm: string, message: string) {
  await page.goto(`/admin/users?q=${encodeURIComponent(email)}`);
  const row = page.locator(`tr[data-user-email="${email}"]`);
  await confirmStep(row, trigger, confirm);
  await expect(row.getByRole('status')).toHaveText(message);
}

async function counters(api: ApiClient): Promise<Counts> {
  return (await (await api.fetch('/api/internal/counters')).json()) as Counts;
}

test.describe('freshness across two browsers', () => {
  test('a demoted admin is denied on the very next navigation, form submit and API call', async ({ browser, baseURL }) => {
    const admin = await newSignedInPage(browser, baseURL!, DEMO_ADMIN);
    const member = uniqueUser('demote');
    const victim = uniqueUser('victim');
    const user = await newSignedInPage(browser, baseURL!, member, true);
    const victimApi = new ApiClient(baseURL!);
    expect((await victimApi.fetch('/api/register', { method: 'POST', json: victim })).status).toBe(201);
    await victimApi.signIn(victim.email, victim.password);

    await adminDoes(admin.page, member.email, 'Make admin…', 'Yes, make admin', 'Role changed to admin');
    // The promoted user's next dashboard page sees the new role and has the browser refresh its cookie.
    const refreshed = user.page.waitForResponse((r) => r.url().endsWith('/api/session/refresh') && r.status() === 200);
    await user.page.goto('/dashboard');
    await refreshed;
    await expect(user.page.getByRole('link', { name: 'Admin' })).toBeVisible();
    await user.page.goto(`/admin/users?q=${encodeURIComponent(victim.email)}`);
    await expect(user.page.getByRole('heading', { name: 'Users' })).toBeVisible();
    const formPage = user.page;
    const navPage = await user.context.newPage();
    const captured = await sessionCookieOf(user.context);

    await adminDoes(admin.page, member.email, 'Make user…', 'Yes, make user', 'Role changed to user');

    // Navigation with the pre-change cookie.
    await navPage.goto('/admin');
    await expect(navPage).toHaveURL(/\/unauthorized(\?from=%2Fadmin)?$/);
    // A form rendered before the change, submitted after it.
    await confirmStep(formPage.locator(`tr[data-user-email="${victim.email}"]`), 'Revoke sessions…', 'Yes, revoke sessions');
    await expect(formPage).toHaveURL(/\/unauthorized(\?from=[^&]*)?$/);
    expect((await victimApi.fetch('/api/user')).status).toBe(200);
    // An API call with the cookie captured before the change.
    const api = await fetch(new URL('/api/admin/users', baseURL), { headers: { cookie: captured } });
    expect(api.status).toBe(403);
    expect(await api.json()).toEqual({ error: 'Forbidden' });

    await admin.context.close();
    await user.context.close();
  });

  test('a promoted user reaches /admin on the very next navigation, with JavaScript disabled', async ({ browser, baseURL }) => {
    const admin = await newSignedInPage(browser, baseURL!, DEMO_ADMIN);
    const member = uniqueUser('promoted');
    const api = new ApiClient(baseURL!);
    expect((await api.fetch('/api/register', { method: 'POST', json: member })).status).toBe(201);
    await api.signIn(member.email, member.password);
    const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
    try {
      await context.addCookies([{ name: 'authjs.session-token', value: api.sessionToken!, url: baseURL! }]);
      const page = await context.newPage();
      await page.goto('/admin');
      await expect(page).toHaveURL(/\/unauthorized\?from=%2Fadmin$/);

      await adminDoes(admin.page, member.email, 'Make admin…', 'Yes, make admin', 'Role changed to admin');
      // The cookie still says "user"; nothing in this browser can run a script to refresh it.
      await page.goto('/admin/users');
      await expect(page).toHaveURL(/\/admin\/users$/);
      await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
    } finally {
      await context.close();
      await admin.context.close();
    }
  });

  test('a banned user and a user whose sessions were revoked are signed out on their next request', async ({ browser, baseURL }) => {
    const admin = await newSignedInPage(browser, baseURL!, DEMO_ADMIN);
    for (const [trigger, confirm, message] of [
      ['Ban…', 'Yes, ban', 'User banned and signed out'],
      ['Revoke sessions…', 'Yes, revoke sessions', 'Every session of this user was revoked'],
    ] as const) {
      const member = uniqueUser('ended');
      const user = await newSignedInPage(browser, baseURL!, member, true);
      await user.page.goto('/profile/security');
      const captured = await sessionCookieOf(user.context);

      await adminDoes(admin.page, member.email, trigger, confirm, message);

      const api = await fetch(new URL('/api/user', baseURL), { headers: { cookie: captured } });
      expect(api.status).toBe(401);
      await confirmStep(user.page, 'Sign out everywhere…', 'Yes, sign out everywhere');
      await expect(user.page).toHaveURL(/\/login/);
      await user.page.goto('/dashboard');
      await expect(user.page).toHaveURL(/\/login/);
      await user.context.close();
    }
    await admin.context.close();
  });

  test('"sign out everywhere" in one browser sends the other to /login on its next navigation', async ({ browser, baseURL }) => {
    const member = uniqueUser('everywhere');
    const laptop = await newSignedInPage(browser, baseURL!, member, true);
    const phone = await newSignedInPage(browser, baseURL!, member);
    await laptop.page.goto('/profile/security');
    await confirmStep(laptop.page, 'Sign out everywhere…', 'Yes, sign out everywhere');
    await expect(laptop.page).toHaveURL(/\/login\?signedOut=everywhere$/);
    await phone.page.goto('/dashboard');
    await expect(phone.page).toHaveURL(/\/login/);
    await laptop.context.close();
    await phone.context.close();
  });

  test('changing the password keeps this browser signed in and signs the other one out', async ({ browser, baseURL }) => {
    const member = uniqueUser('password');
    const laptop = await newSignedInPage(browser, baseURL!, member, true);
    const phone = await newSignedInPage(browser, baseURL!, member);
    await laptop.page.goto('/profile/security');
    await laptop.page.getByLabel('Current password').fill(member.password);
    await laptop.page.getByLabel('New password (8 characters or more)').fill(`${member.password}-new`);
    await laptop.page.getByLabel('Repeat the new password').fill(`${member.password}-new`);
    await laptop.page.getByRole('button', { name: 'Change password' }).click();
    await expect(laptop.page.getByRole('status')).toHaveText('Password changed. Your other devices were signed out.');
    await laptop.page.goto('/dashboard');
    await expect(laptop.page.getByRole('heading', { name: `Welcome, ${member.name}` })).toBeVisible();
    await phone.page.goto('/dashboard');
    await expect(phone.page).toHaveURL(/\/login/);
    await laptop.context.close();
    await phone.context.close();
  });

  test('the last admin is offered no demotion, ban or delete (and the API still refuses with 409)', async ({ page, auth, baseURL }) => {
    // Make the demo admin the only active admin: demote the admins earlier tests promoted (fresh users only).
    const api = new ApiClient(baseURL!);
    await api.signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    let cursor: string | null = null;
    do {
      const res = await api.fetch(`/api/admin/users${cursor ? `?cursor=${cursor}` : ''}`);
      const body = (await res.json()) as { users: { id: string; email: string; role: string; bannedAt: string | null }[]; nextCursor: string | null };
      for (const u of body.users) {
        if (u.role === 'admin' && u.bannedAt === null && u.email !== DEMO_ADMIN.email) {
          expect((await api.fetch(`/api/admin/users/${u.id}`, { method: 'PATCH', json: { role: 'user' } })).status).toBe(200);
        }
      }
      cursor = body.nextCursor;
    } while (cursor);

    await auth.signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    await expect(page).toHaveURL(/\/dashboard/);
    await page.goto('/admin');
    await expect(page.locator('[data-count="admins"]')).toHaveText('1');
    await page.goto(`/admin/users?q=${encodeURIComponent(DEMO_ADMIN.email)}`);
    const row = page.locator(`tr[data-user-email="${DEMO_ADMIN.email}"]`);
    await expect(row).toContainText('Only admin: add another admin before changing this account.');
    for (const trigger of ['Make user…', 'Ban…', 'Delete…']) await expect(row.locator('summary', { hasText: trigger })).toHaveCount(0);
    await expect(row.locator('summary', { hasText: 'Revoke sessions…' })).toHaveCount(1);
    const me = (await (await api.fetch('/api/user')).json()) as { id: string };
    const refused = await api.fetch(`/api/admin/users/${me.id}`, { method: 'PATCH', json: { role: 'user' } });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: 'The last admin cannot be demoted, banned or deleted' });
    await page.goto('/admin');
    await expect(page.getByRole('heading', { name: 'Admin' })).toBeVisible();
    await page.goto('/admin/audit');
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(page.locator('[data-audit-action="user.role_changed"]').first()).toBeVisible();
  });

  test('measured budget: 0 database queries in steady state, one read after a change, then 0 again', async ({ baseURL }) => {
    const member = uniqueUser('budget');
    const client = new ApiClient(baseURL!);
    expect((await client.fetch('/api/register', { method: 'POST', json: member })).status).toBe(201);
    await client.signIn(member.email, member.password);
    const refresh = () => client.fetch('/api/session/refresh', { method: 'POST' });
    await refresh(); // fills the KV marker
    const measure = async () => {
      const before = await counters(client);
      const res = await refresh();
      const after = await counters(client);
      return { status: res.status, db: after.dbQueries - before.dbQueries, kv: after.kvReads - before.kvReads };
    };
    expect(await measure()).toEqual({ status: 200, db: 0, kv: 1 });

    const admin = new ApiClient(baseURL!);
    await admin.signIn(DEMO_ADMIN.email, DEMO_ADMIN.password);
    const me = (await (await client.fetch('/api/user')).json()) as { id: string };
    expect((await admin.fetch(`/api/admin/users/${me.id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
    expect(await measure()).toEqual({ status: 200, db: 1, kv: 1 }); // stale: one read, cookie re-issued
    expect(await measure()).toEqual({ status: 200, db: 0, kv: 1 });
    expect((await admin.fetch(`/api/admin/users/${me.id}`, { method: 'PATCH', json: { role: 'user' } })).status).toBe(200);
  });
});
