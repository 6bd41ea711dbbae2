/**
 * Case 63: a change made through one instance is effective on the very next request served by
 * each other instance — sign-out, sign out everywhere, a password change (in the browser), a
 * demotion and a ban. Every client goes through the proxy; X-Served-By says who answered.
 */
import { expect, test } from '@playwright/test';
import { DEMO_ADMIN, uniqueUser } from '../e2e/support/fixtures';
import { ProxyClient } from './support/client';
import { others, servedBy, signedIn, untilServedBy } from './support/state';

async function registered(prefix: string) {
  const user = uniqueUser(prefix);
  const res = await new ProxyClient().fetch('/api/register', { method: 'POST', json: user });
  expect(res.status).toBe(201);
  return user;
}

const denied = (status: number) => async (res: Response) => {
  expect(res.status).toBe(status);
  expect(await res.json()).toEqual({ error: expect.any(String) });
};

test('sign-out through one instance: the same cookie is refused by the next request on each other instance', async () => {
  const user = await registered('out');
  const { client } = await signedIn(user.email, user.password);
  const stolen = client.cookieHeader;
  const res = await client.signOut();
  expect(res.status).toBe(302);
  const at = servedBy(res);
  const replay = new ProxyClient();
  await untilServedBy(others(at), () => replay.fetch('/api/user', { headers: { cookie: stolen } }), denied(401));
});

test('sign out everywhere through one instance: another device is refused on each other instance', async () => {
  const user = await registered('all');
  const laptop = (await signedIn(user.email, user.password)).client;
  const phone = (await signedIn(user.email, user.password)).client;
  const res = await laptop.fetch('/api/user/sessions', { method: 'DELETE' });
  expect(res.status).toBe(204);
  await untilServedBy(others(servedBy(res)), () => phone.fetch('/api/user'), denied(401));
});

test('a password change in the browser: other sessions refused on each other instance, this one continues', async ({ page }) => {
  const user = await registered('pw');
  const other = (await signedIn(user.email, user.password)).client;
  await page.goto('/login');
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/profile/security');
  let at = -1;
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/profile/security') at = servedBy(new Response(null, { headers: r.headers() }));
  });
  await page.getByLabel('Current password').fill(user.password);
  await page.getByLabel('New password (8 characters or more)').fill(`${user.password}-new`);
  await page.getByLabel('Repeat the new password').fill(`${user.password}-new`);
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toHaveText('Password changed. Your other devices were signed out.');
  expect(at).toBeGreaterThanOrEqual(0);
  await untilServedBy(others(at), () => other.fetch('/api/user'), denied(401));
  // The browser that changed it is still signed in, wherever it lands.
  for (let i = 0; i < 3; i++) {
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
  }
});

test('a demotion through one instance: the demoted admin is refused on each other instance', async () => {
  const target = await registered('demote');
  const admin = (await signedIn(DEMO_ADMIN.email, DEMO_ADMIN.password)).client;
  const victim = (await signedIn(target.email, target.password)).client;
  const { id } = (await (await victim.fetch('/api/user')).json()) as { id: string };
  expect((await admin.fetch(`/api/admin/users/${id}`, { method: 'PATCH', json: { role: 'admin' } })).status).toBe(200);
  // Signed in again as an admin: the admin API answers on every instance.
  const promoted = (await signedIn(target.email, target.password)).client;
  await untilServedBy([0, 1, 2], () => promoted.fetch('/api/admin/users'), (res) => expect(res.status).toBe(200));
  const res = await admin.fetch(`/api/admin/users/${id}`, { method: 'PATCH', json: { role: 'user' } });
  expect(res.status).toBe(200);
  await untilServedBy(others(servedBy(res)), () => promoted.fetch('/api/admin/users'), denied(403));
});

test('a ban through one instance: the banned user is refused on each other instance and cannot sign in anywhere', async () => {
  const target = await registered('ban');
  const admin = (await signedIn(DEMO_ADMIN.email, DEMO_ADMIN.password)).client;
  const victim = (await signedIn(target.email, target.password)).client;
  const { id } = (await (await victim.fetch('/api/user')).json()) as { id: string };
  const res = await admin.fetch(`/api/admin/users/${id}`, { method: 'PATCH', json: { banned: true } });
  expect(res.status).toBe(200);
  await untilServedBy(others(servedBy(res)), () => victim.fetch('/api/user'), denied(401));
  const again = new ProxyClient();
  const signIn = await again.signIn(target.email, target.password);
  expect(again.sessionToken).toBeUndefined();
  expect(signIn.headers.get('location') ?? '').toContain('error=');
});
