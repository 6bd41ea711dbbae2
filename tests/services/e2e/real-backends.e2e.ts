/**
 * Runs only under playwright.services.config.ts: proves the production build really talks to
 * PostgreSQL through the Neon driver and to Redis through @vercel/kv (an embedded fallback would
 * pass the ordinary e2e suite too, so this looks at the servers themselves).
 */
import { ApiClient } from '../../e2e/support/api-client';
import { expect, test, uniqueUser } from '../../e2e/support/fixtures';
import { queryTestDatabase } from '../harness/postgres';

const bridge = `127.0.0.1:${process.env.SERVICES_BRIDGE_PORT}/v1`;
const dbName = process.env.SERVICES_DB_NAME!;
const kvUrl = `http://127.0.0.1:${process.env.SERVICES_KV_PORT}`;

async function redis(command: (string | number)[]): Promise<unknown> {
  const res = await fetch(kvUrl, { method: 'POST', headers: { authorization: `Bearer ${process.env.SERVICES_KV_TOKEN}` }, body: JSON.stringify(command) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: unknown }).result;
}

test('GET /api/health reports both real backends up, with nothing but status, latency and the client-address source', async ({ request }) => {
  const res = await request.get('/api/health');
  expect(res.status()).toBe(200);
  expect(res.headers()['cache-control']).toBe('no-store');
  const body = (await res.json()) as Record<string, { ok: boolean; latencyMs: number }>;
  expect(Object.keys(body).sort()).toEqual(['clientAddress', 'db', 'kv']);
  expect(body.db!.ok).toBe(true);
  expect(body.kv!.ok).toBe(true);
});

test('an account registered in the browser is a row in PostgreSQL, and its session marker is a key in Redis', async ({ page, auth, baseURL }) => {
  const user = uniqueUser('svc');
  await auth.register(user);
  await expect(page).toHaveURL(/\/dashboard$/);
  const rows = await queryTestDatabase(bridge, dbName, 'select id, name, role from users where email = $1', [user.email]);
  expect(rows).toEqual([{ id: expect.any(String), name: user.name, role: 'user' }]);
  const userId = rows[0]!.id as string;

  // An API request with the session checks freshness against KV and refills the marker there.
  const client = new ApiClient(baseURL!);
  expect((await client.signIn(user.email, user.password)).status).toBe(302);
  expect((await client.fetch('/api/user')).status).toBe(200);
  await expect.poll(() => redis(['GET', `authz:${userId}`])).not.toBeNull();
  const ttl = (await redis(['TTL', `authz:${userId}`])) as number;
  expect(ttl).toBeGreaterThan(0);
});
