/**
 * Through the TLS proxy at https://app.test:<port>, round-robin over three instances: the
 * production cookie and HSTS, a browser that signs in on one instance and browses on the others,
 * products created through any instance listed by all, concurrent edits, and the steady-state
 * database/KV reads per request (summed over instances) equal to one instance's.
 */
import { expect, test } from '@playwright/test';
import { DEMO_USER, uniqueUser } from '../e2e/support/fixtures';
import { ProxyClient } from './support/client';
import { ALL, servedBy, signedIn, summedCounters, topology, untilServedBy } from './support/state';

test('over https the session cookie is __Host- (no Domain), Secure, HttpOnly, SameSite=Lax; HSTS is sent; the redirect stays on the public origin', async () => {
  const client = new ProxyClient();
  const login = await client.fetch('/login');
  expect(login.status).toBe(200);
  expect(login.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  const res = await client.signIn(DEMO_USER.email, DEMO_USER.password);
  expect(res.status).toBe(302);
  expect(new URL(res.headers.get('location')!).origin).toBe(topology().publicOrigin);
  const line = res.headers.getSetCookie().find((l) => l.startsWith('__Host-authjs.session-token='));
  expect(line, res.headers.getSetCookie().join('\n')).toBeTruthy();
  expect(line!.split(';').slice(1).map((a) => a.trim().toLowerCase())).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=lax', 'path=/']));
  expect(line!.toLowerCase()).not.toContain('domain=');
  expect(res.headers.getSetCookie().some((l) => /^(__Secure-)?authjs\.session-token=/.test(l))).toBe(false);
});

test('a browser signs in (one instance) and browses pages served by every instance', async ({ page, baseURL }) => {
  const signInServedBy: number[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/login') signInServedBy.push(servedBy(new Response(null, { headers: r.headers() })));
  });
  await page.goto('/login');
  await page.getByLabel('Email').fill(DEMO_USER.email);
  await page.getByLabel('Password').fill(DEMO_USER.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
  expect(signInServedBy).toHaveLength(1);

  const cookie = (await page.context().cookies()).find((c) => c.name === '__Host-authjs.session-token');
  expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });

  const dashboards = new Set<number>();
  for (let i = 0; i < 12 && dashboards.size < 3; i++) {
    const res = await page.goto('/dashboard');
    expect(res!.status()).toBe(200);
    await expect(page.getByRole('heading', { name: `Welcome, ${DEMO_USER.name}` })).toBeVisible();
    dashboards.add(servedBy(new Response(null, { headers: res!.headers() })));
  }
  expect([...dashboards].sort()).toEqual(ALL);

  // A same-origin JSON write from the page itself (the check every handler applies).
  const created = await page.evaluate(async () => {
    const r = await fetch('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'From the page', priceCents: 100 }) });
    return r.status;
  });
  expect(created).toBe(201);
});

test('products created through every instance are listed by every instance', async () => {
  const user = uniqueUser('topo');
  const client = new ProxyClient();
  expect((await client.fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);
  expect((await client.signIn(user.email, user.password)).status).toBe(302);
  const createdBy = new Set<number>();
  const names: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await client.fetch('/api/products', { method: 'POST', json: { name: `p${i} ${user.name}`, priceCents: 100 + i } });
    expect(res.status).toBe(201);
    createdBy.add(servedBy(res));
    names.push(`p${i} ${user.name}`);
  }
  expect([...createdBy].sort()).toEqual(ALL);
  await untilServedBy(ALL, () => client.fetch('/api/products'), async (res) => {
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as { items: { name: string }[] };
    expect(items.map((p) => p.name).sort()).toEqual([...names].sort());
  });
});

test('concurrent edits through different instances: every one acknowledged, every instance then shows the same one of them', async () => {
  const { client } = await signedIn(DEMO_USER.email, DEMO_USER.password);
  const created = await client.fetch('/api/products', { method: 'POST', json: { name: 'contended', priceCents: 1 } });
  const { id } = (await created.json()) as { id: string };
  const results = await Promise.all(
    Array.from({ length: 9 }, (_, i) => client.fetch(`/api/products/${id}`, { method: 'PATCH', json: { name: `edit ${i}`, priceCents: 1000 + i } })),
  );
  expect(new Set(results.map(servedBy)).size).toBe(3);
  const acknowledged = await Promise.all(results.map(async (r) => (expect(r.status).toBe(200), (await r.json()) as { name: string; priceCents: number })));
  let final: { name: string; priceCents: number } | undefined;
  await untilServedBy(ALL, () => client.fetch(`/api/products/${id}`), async (res) => {
    const body = (await res.json()) as { name: string; priceCents: number };
    final ??= body;
    expect({ name: body.name, priceCents: body.priceCents }).toEqual({ name: final.name, priceCents: final.priceCents });
  });
  // Exactly one acknowledged write, whole (name and price of the same request, never mixed).
  expect(acknowledged.map((a) => `${a.name}/${a.priceCents}`)).toContain(`${final!.name}/${final!.priceCents}`);
  expect(final!.priceCents - 1000).toBe(Number(final!.name.split(' ')[1]));
});

test('steady state: the database and KV reads per request are the same with three instances as with one', async () => {
  const { client } = await signedIn(DEMO_USER.email, DEMO_USER.password);
  const N = 9;
  const perRequest = async (send: () => Promise<Response>) => {
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(200); // warm every instance
    const before = await summedCounters();
    const servers = new Set<number>();
    for (let i = 0; i < N; i++) {
      const res = await send();
      expect(res.status).toBe(200);
      servers.add(servedBy(res));
    }
    const after = await summedCounters();
    return { servers: servers.size, db: (after.dbQueries - before.dbQueries) / N, kv: (after.kvReads - before.kvReads) / N, kvWrites: (after.kvWrites - before.kvWrites) / N };
  };
  const viaProxy = await perRequest(() => client.fetch('/api/user'));
  // One instance on its own, the same request as the proxy forwards it.
  const port = topology().instancePorts[0];
  const headers = { cookie: client.cookieHeader, host: new URL(topology().publicOrigin).host, 'x-forwarded-proto': 'https', 'x-real-ip': '127.0.0.1' };
  const direct = await perRequest(async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/user`, { headers });
    return new Response(await res.text(), { status: res.status, headers: { 'x-served-by': `127.0.0.1:${port}` } });
  });
  console.log(`topology: per request via proxy (3 instances) ${JSON.stringify(viaProxy)}; one instance ${JSON.stringify(direct)}`);
  expect(viaProxy.servers).toBe(3);
  expect(direct.servers).toBe(1);
  expect({ db: viaProxy.db, kv: viaProxy.kv, kvWrites: viaProxy.kvWrites }).toEqual({ db: direct.db, kv: direct.kv, kvWrites: direct.kvWrites });
  // The freshness check: one KV read; the handler itself reads the user row (README: 0 queries for
  // the check, so 1 here is the profile read).
  expect(viaProxy.kv).toBe(1);
  expect(viaProxy.db).toBe(1);
});
