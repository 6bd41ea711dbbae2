/**
 * The API through the typed client (`openapi-fetch` with the checked-in `lib/api/openapi-types.ts`)
 * against the production build: a breaking change to a handler's schema breaks this file's
 * typecheck. Personal access tokens end to end: created with a cookie session, used as a bearer
 * token, refused on their next request once revoked; the `/profile/tokens` page; `/docs/api`.
 */
import createClient from 'openapi-fetch';
import type { paths } from '@/lib/api/openapi-types';
import { expect, test, uniqueUser } from './support/fixtures';
import { ApiClient } from './support/api-client';

function typedClient(baseUrl: string, headers: Record<string, string> = {}) {
  return createClient<paths>({ baseUrl, headers });
}

async function signedInCookie(baseURL: string, prefix: string) {
  const user = uniqueUser(prefix);
  const anonymous = typedClient(baseURL);
  const registered = await anonymous.POST('/api/register', { body: user });
  expect(registered.response.status).toBe(201);
  expect(registered.data?.user.email).toBe(user.email);
  const jar = new ApiClient(baseURL);
  await jar.signIn(user.email, user.password);
  expect(jar.sessionToken).toBeTruthy();
  return { user, cookie: jar.cookieHeader };
}

test.describe('typed API client with personal access tokens', () => {
  test('create a token with the cookie, use it as a bearer, revoke it → 401 on the next request', async ({ baseURL }) => {
    const { user, cookie } = await signedInCookie(baseURL!, 'pat');
    const withCookie = typedClient(baseURL!, { cookie });
    const created = await withCookie.POST('/api/user/tokens', { body: { name: 'ci', scope: 'write', expiresInDays: 30 } });
    expect(created.response.status).toBe(201);
    const token = created.data!.token;
    expect(token).toMatch(/^es_pat_/);

    const api = typedClient(baseURL!, { authorization: `Bearer ${token}` });
    const me = await api.GET('/api/user');
    expect(me.response.status).toBe(200);
    expect(me.data).toMatchObject({ email: user.email, role: 'user' });

    const product = await api.POST('/api/products', { body: { name: 'Via token', priceCents: 123 } });
    expect(product.response.status).toBe(201);
    const id = product.data!.id;
    const page = await api.GET('/api/products', { params: { query: { limit: '10' } } });
    expect(page.data?.items.map((p) => p.id)).toContain(id);
    const patched = await api.PATCH('/api/products/{id}', { params: { path: { id } }, body: { priceCents: 456 } });
    expect(patched.data?.priceCents).toBe(456);
    expect((await api.DELETE('/api/products/{id}', { params: { path: { id } } })).response.status).toBe(204);

    const list = await api.GET('/api/user/tokens');
    expect(list.data?.items).toEqual([expect.objectContaining({ id: created.data!.id, name: 'ci', scope: 'write' })]);
    expect(list.data?.items[0]?.lastUsedAt).toEqual(expect.any(String));

    // A token cannot create tokens.
    expect((await api.POST('/api/user/tokens', { body: { name: 'x', scope: 'read', expiresInDays: null } })).response.status).toBe(403);

    const revoked = await withCookie.DELETE('/api/user/tokens/{id}', { params: { path: { id: created.data!.id } } });
    expect(revoked.response.status).toBe(204);
    const after = await api.GET('/api/user');
    expect(after.response.status).toBe(401);
    expect(after.error).toEqual({ error: expect.any(String) });
  });

  test('a read token reads but cannot write; a token in a query string is refused', async ({ baseURL }) => {
    const { cookie } = await signedInCookie(baseURL!, 'pat-read');
    const created = await typedClient(baseURL!, { cookie }).POST('/api/user/tokens', { body: { name: 'reader', scope: 'read', expiresInDays: 7 } });
    const token = created.data!.token;
    const api = typedClient(baseURL!, { authorization: `Bearer ${token}` });
    expect((await api.GET('/api/products')).response.status).toBe(200);
    const write = await api.POST('/api/products', { body: { name: 'Nope', priceCents: 1 } });
    expect(write.response.status).toBe(403);
    expect((await api.GET('/api/products')).data?.items).toEqual([]);
    const inQuery = await fetch(new URL(`/api/user?access_token=${token}`, baseURL));
    expect(inQuery.status).toBe(401);
    const garbage = await typedClient(baseURL!, { authorization: 'Bearer es_pat_forged', cookie }).GET('/api/user');
    expect(garbage.response.status).toBe(401);
  });

  test('GET /api/openapi.json is the document the types were generated from', async ({ baseURL }) => {
    const res = await typedClient(baseURL!).GET('/api/openapi.json');
    expect(res.response.status).toBe(200);
    const doc = res.data as unknown as { openapi: string; paths: Record<string, unknown>; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/user', '/api/user/tokens', '/api/user/tokens/{id}', '/api/products/{id}']));
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearerAuth', 'cookieAuth']);
  });
});

test.describe('pages', () => {
  test('/profile/tokens: create (secret shown once), use, revoke', async ({ page, auth, baseURL }) => {
    const user = uniqueUser('pat-ui');
    await auth.register(user);
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/profile/tokens');
    await expect(page.getByRole('heading', { name: 'Access tokens' })).toBeVisible();
    await page.getByLabel('Name').fill('laptop script');
    await page.getByLabel('Scope').selectOption('write');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = page.getByTestId('new-token');
    await expect(secret).toHaveValue(/^es_pat_/);
    const token = await secret.inputValue();
    expect((await fetch(new URL('/api/user', baseURL), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.reload();
    await expect(page.getByTestId('new-token')).toHaveCount(0);
    const row = page.getByRole('list', { name: 'Access tokens' }).getByRole('listitem').filter({ hasText: 'laptop script' });
    await expect(row).toContainText('Last used');
    await row.getByRole('button', { name: /Revoke/ }).click();
    await expect(page.getByText('Token revoked')).toBeVisible();
    await expect(page.getByText('No access tokens.')).toBeVisible();
    expect((await fetch(new URL('/api/user', baseURL), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  test('a page never accepts a token', async ({ baseURL }) => {
    const { cookie } = await signedInCookie(baseURL!, 'pat-page');
    const created = await typedClient(baseURL!, { cookie }).POST('/api/user/tokens', { body: { name: 'p', scope: 'write', expiresInDays: 7 } });
    const res = await fetch(new URL('/profile', baseURL), { headers: { authorization: `Bearer ${created.data!.token}` }, redirect: 'manual' });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toContain('/login');
  });

  test('/docs/api renders the reference without any other origin', async ({ page, baseURL }) => {
    const origin = new URL(baseURL!).origin;
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) foreign.push(request.url());
    });
    await page.goto('/docs/api');
    await expect(page.getByText('Create a personal access token').first()).toBeVisible({ timeout: 20_000 });
    expect(foreign).toEqual([]);
  });
});
