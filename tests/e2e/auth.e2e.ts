import { DEMO_USER, expect, test, uniqueUser } from './support/fixtures';
import { ApiClient } from './support/api-client';

test.describe('sign-in, sign-up and sign-out in the browser', () => {
  test('an unauthenticated visit to /dashboard lands on /login with the callbackUrl', async ({ page }) => {
    const response = await page.request.get('/dashboard', { maxRedirects: 0 });
    expect(response.status()).toBe(307);
    expect(response.headers().location).toBe('/login?callbackUrl=%2Fdashboard');
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
    await expect(page.getByRole('heading', { name: 'Sign in', exact: true })).toBeVisible();
  });

  test('sign up → the dashboard greets the new user by name', async ({ page, auth }) => {
    const user = uniqueUser('signup');
    await auth.register(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { name: `Welcome, ${user.name}` })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create your first product' })).toBeVisible();
  });

  test('the seeded user signs in, is sent back to the page they asked for, and signs out', async ({ page, auth, context }) => {
    await auth.signIn(DEMO_USER.email, DEMO_USER.password, '/login?callbackUrl=%2Fdashboard%3Ftab%3D1');
    await expect(page).toHaveURL(/\/dashboard\?tab=1$/);
    await expect(page.getByRole('heading', { name: `Welcome, ${DEMO_USER.name}` })).toBeVisible();
    expect((await context.cookies()).some((c) => c.name === 'authjs.session-token')).toBe(true);

    await auth.signOut();
    expect((await context.cookies()).some((c) => c.name === 'authjs.session-token')).toBe(false);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  });

  test('a foreign callbackUrl falls back to /dashboard after sign-in', async ({ page, auth }) => {
    await auth.signIn(DEMO_USER.email, DEMO_USER.password, '/login?callbackUrl=https%3A%2F%2Fevil.example%2Fsteal');
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test('a wrong password stays on /login with an error and sets no session cookie', async ({ page, auth, context }) => {
    await auth.signIn(DEMO_USER.email, 'not-the-password');
    await expect(page.locator('form [role=alert]')).toHaveText('Invalid email or password.');
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByLabel('Email')).toHaveValue(DEMO_USER.email);
    expect((await context.cookies()).some((c) => c.name.includes('session-token'))).toBe(false);
  });
});

test.describe('an API client with fetch and a cookie jar', () => {
  test('csrf → credentials callback → GET /api/user', async ({ baseURL }) => {
    const client = new ApiClient(baseURL!);
    const signIn = await client.signIn(DEMO_USER.email, DEMO_USER.password);
    expect(signIn.status).toBe(302);
    expect(client.sessionToken).toBeTruthy();

    const me = await client.fetch('/api/user');
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const body = (await me.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ name: DEMO_USER.name, email: DEMO_USER.email, role: 'user', image: null });
    expect(Object.keys(body).sort()).toEqual(['createdAt', 'email', 'id', 'image', 'name', 'role']);
  });

  test('without the cookie: 401 { error: "Unauthorized" }', async ({ baseURL }) => {
    const anonymous = new ApiClient(baseURL!);
    const res = await anonymous.fetch('/api/user');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
  });

  test('a wrong password gets no session cookie', async ({ baseURL }) => {
    const client = new ApiClient(baseURL!);
    await client.signIn(DEMO_USER.email, 'wrong-password');
    expect(client.sessionToken).toBeUndefined();
    expect((await client.fetch('/api/user')).status).toBe(401);
  });
});
