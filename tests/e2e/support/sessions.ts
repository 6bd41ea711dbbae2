/**
 * Arranging signed-in users for browser tests without clicking through the forms: a registered API
 * client (the same session cookie a browser gets), and that cookie handed to a browser context.
 */
import { expect, type BrowserContext } from '@playwright/test';
import { ApiClient } from './api-client';
import { uniqueUser } from './fixtures';

/** A registered, signed-in API client. */
export async function apiUser(baseURL: string, prefix = 'owner') {
  const user = uniqueUser(prefix);
  const client = new ApiClient(baseURL);
  const reg = await client.fetch('/api/register', { method: 'POST', json: user });
  expect(reg.status).toBe(201);
  await client.signIn(user.email, user.password);
  expect(client.sessionToken).toBeTruthy();
  return { user, client };
}

/** An API client signed in as an existing account (the demo admin, say). */
export async function apiSignIn(baseURL: string, account: { email: string; password: string }) {
  const client = new ApiClient(baseURL);
  await client.signIn(account.email, account.password);
  expect(client.sessionToken).toBeTruthy();
  return client;
}

/** Puts an API client's session cookie into a browser context. */
export async function adoptSession(context: BrowserContext, client: ApiClient, baseURL: string) {
  const { hostname } = new URL(baseURL);
  await context.addCookies([...client.jar].map(([name, value]) => ({ name, value, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' as const })));
}

/** Creates products through the API, one after another (so "newest" follows the array order). */
export async function createProducts(client: ApiClient, items: { name: string; priceCents: number }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const item of items) {
    const res = await client.fetch('/api/products', { method: 'POST', json: item });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}
