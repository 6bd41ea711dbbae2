/**
 * Auth off the critical path, counted: with a network's worth of latency on every KV call and
 * database statement, a protected page or API read waits for as many round trips in series as
 * the same read with no auth at all (its public twin): one. A token that stopped being a session
 * gets today's answer, with at most one discarded read and none of its data.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderToString } from 'react-dom/server';
import { GET as getProducts } from '@/app/api/products/route';
import { GET as getUser } from '@/app/api/user/route';
import DashboardPage from '@/app/(dashboard)/dashboard/page';
import ProductsPage from '@/app/(dashboard)/products/page';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { requireAuth, signOutEverywhere, withSession } from '@/lib/auth';
import { readCounters, roundTripsSince, type Counters } from '@/lib/core/counters';
import { countProductsFor, createProduct } from '@/lib/products';
import { instrument, setKvForTests, type Kv } from '@/lib/kv';
import { testBackend, useFreshBackends } from '@/tests/helpers/db';
import { redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

const KV_MS = 15;
const DB_MS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let slowKv: Kv;
let owner: TokenSubject;
let boss: TokenSubject;

/** Every call of `kv` waits `ms` first, inside the app's instrumentation (so the log sees it). */
function withLatency(kv: Kv, ms: number): Kv {
  const slow = Object.fromEntries(
    Object.entries(kv).map(([name, fn]) => [name, async (...args: unknown[]) => (await sleep(ms), (fn as (...a: unknown[]) => unknown).apply(kv, args))]),
  );
  return instrument(slow as unknown as Kv);
}

beforeAll(async () => {
  const { rawKv } = await useFreshBackends();
  slowKv = withLatency(rawKv, KV_MS);
  if (testBackend() === 'memory') {
    // PGlite answers in microseconds; a database across a network does not.
    const { PGlite } = await import('@electric-sql/pglite');
    const proto = PGlite.prototype as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const query = proto.query!;
    proto.query = async function (this: unknown, ...args: unknown[]) {
      await sleep(DB_MS);
      return query.apply(this, args);
    };
  }
  owner = await createTestUser({ name: 'Owner Person' });
  boss = await createTestUser({ role: 'admin' });
  await createProduct(owner.id, { name: 'Secret lamp', priceCents: 100 });
});
beforeEach(() => setKvForTests(slowKv));

/** Runs `fn` and reports the counters it moved and the round trips it waited for in series. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; counts: Counters; roundTrips: number | null }> {
  const before = readCounters();
  let result: T | undefined;
  let error: unknown;
  try {
    result = await fn();
  } catch (err) {
    error = err;
  }
  const now = readCounters();
  const counts = Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - before[k as keyof Counters]])) as unknown as Counters;
  return { result, error, counts, roundTrips: roundTripsSince(before.ioCalls) };
}

async function page(user: TokenSubject | string, render: () => Promise<React.ReactElement>) {
  enterRequest({ cookie: typeof user === 'string' ? user : await sessionCookie(user), surface: 'page' });
  return measured(async () => renderToString(await render()));
}

const dashboard = () => DashboardPage();
const products = () => ProductsPage({ searchParams: Promise.resolve({}) });

describe('steady state: one round trip, like the public twin', () => {
  it('the counter tells one round trip from two: the twin’s read alone, and the check then the read in series', async () => {
    const cookie = await sessionCookie(owner);
    await page(cookie, dashboard); // fills the KV marker
    enterRequest({ cookie, surface: 'page' });
    const twin = await measured(() => countProductsFor({ userId: owner.id, isAdmin: false }));
    expect(twin.roundTrips).toBe(1);
    const series = await measured(async () => countProductsFor({ userId: (await requireAuth()).user.id, isAdmin: false }));
    expect(series.roundTrips).toBe(2);
  });

  it('/dashboard and /products: the session check beside the page’s reads', async () => {
    const cookie = await sessionCookie(owner);
    await page(cookie, dashboard);
    for (const render of [dashboard, products]) {
      const visit = await page(cookie, render);
      expect(visit.error).toBeUndefined();
      // Two statements (the list and its total), side by side with the KV read: one round trip.
      expect(visit.counts).toMatchObject({ dbQueries: 2, kvReads: 1, kvWrites: 0 });
      expect(visit.roundTrips).toBe(1);
    }
    expect((await page(cookie, products)).result).toContain('Secret lamp');
  });

  it('GET /api/products and GET /api/user: the same', async () => {
    const cookie = await sessionCookie(owner);
    await page(cookie, dashboard);
    for (const [route, path] of [[getProducts, '/api/products'], [getUser, '/api/user']] as const) {
      const call = await measured(() => callRoute(route, { path, cookie }));
      expect(call.result?.status).toBe(200);
      expect(call.counts).toMatchObject({ dbQueries: 1, kvReads: 1, kvWrites: 0 });
      expect(call.roundTrips).toBe(1);
    }
  });
});

describe('a check that fails gets today’s answer, with at most one discarded round of reads', () => {
  it('a revoked token: the same redirect from the pages, 401 from the API, no data', async () => {
    const cookie = await sessionCookie(owner);
    await page(cookie, dashboard);
    await signOutEverywhere(owner.id);

    enterRequest({ cookie, surface: 'page' });
    const today = await measured(() => redirectTarget(requireAuth));
    expect(today.result).toBe('/session-ended');
    for (const render of [dashboard, products]) {
      enterRequest({ cookie, surface: 'page' });
      const visit = await measured(() => redirectTarget(render));
      expect(visit.result).toBe(today.result);
      // The page's own early reads (its list and total, started together) are all it wastes.
      expect(visit.counts.dbQueries).toBeLessThanOrEqual(today.counts.dbQueries + 2);
      expect(visit.counts.kvWrites).toBe(today.counts.kvWrites);
    }
    for (const [route, path] of [[getProducts, '/api/products'], [getUser, '/api/user']] as const) {
      const call = await measured(() => callRoute(route, { path, cookie }));
      expect(call.result?.status).toBe(401);
      expect(call.result?.json).toEqual({ error: 'Unauthorized' });
      expect(call.counts.dbQueries).toBeLessThanOrEqual(today.counts.dbQueries + 1);
    }
  });

  it('no cookie: the redirect to /login and the 401, without any read', async () => {
    enterRequest({ surface: 'page' });
    const visit = await measured(() => redirectTarget(dashboard));
    expect(visit.result).toBe('/login');
    expect(visit.counts.dbQueries).toBe(0);
    const call = await measured(() => callRoute(getProducts, { path: '/api/products?limit=0' }));
    expect(call.result?.status).toBe(401); // the session first: a bad ?limit= is a 422 only for a session
    expect(call.counts.dbQueries).toBe(0);
  });

  it('a demoted admin: the read started for the claimed role is discarded, the page shows the database’s', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    expect((await page(cookie, dashboard)).result).toContain('All products');
    await changeUserAsAdmin(boss.id, admin.id, { kind: 'update', role: 'user' });
    const visit = await page(cookie, dashboard);
    expect(visit.error).toBeUndefined();
    expect(visit.result).toContain('Your products');
    expect(visit.result).not.toContain('All products');
  });

  it('withSession never hands back a read whose check failed', async () => {
    const cookie = await sessionCookie(owner);
    enterRequest({ cookie, surface: 'page' });
    let started = 0;
    const refused = new Error('refused');
    const outcome = await withSession(
      async () => {
        throw refused;
      },
      async (user) => (started++, `data of ${user.id}`),
    ).then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    expect(outcome).toEqual({ error: refused });
    expect(started).toBe(1);
  });
});
