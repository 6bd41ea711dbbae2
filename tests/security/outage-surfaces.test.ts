/**
 * Database down where it is needed, on every surface (its own file: the PGlite handle is closed
 * for good here). The session itself still comes from KV (0 database reads); the page's, the
 * handler's and the action's own data reads are what fail:
 * - pages and layouts end on the outage page (the error's digest is a redirect Next.js follows),
 * - route handlers answer 503 `{ error }` with Retry-After,
 * - actions answer a form message, and nothing is written.
 * The outage page itself answers 503 with its text while everything is down.
 */
import { idleState } from '@/lib/actions/action-state';
import { beforeAll, describe, expect, it } from 'vitest';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import DashboardPage from '@/app/(dashboard)/dashboard/page';
import ProductsPage from '@/app/(dashboard)/products/page';
import ProfilePage from '@/app/(dashboard)/profile/page';
import { createProductAction } from '@/app/(dashboard)/products/actions';
import { GET as listProducts } from '@/app/api/products/route';
import { GET as outagePage } from '@/app/outage/route';
import { getSession, requireAuth } from '@/lib/auth';
import { OUTAGE_PATH } from '@/lib/core/errors';
import { setKvForTests } from '@/lib/kv';
import { failingKv, useFreshBackends, type TestBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

let backends: TestBackends;
let cookie: string;

beforeAll(async () => {
  backends = await useFreshBackends();
  cookie = await sessionCookie(await createTestUser());
  enterRequest({ cookie, surface: 'page' });
  await getSession(); // the KV marker now vouches for the token
  await backends.database.close();
});

/** Where Next.js sends the document when this render throws. */
async function renderOutcome(render: () => Promise<unknown>): Promise<string> {
  enterRequest({ cookie, surface: 'page' });
  try {
    await render();
    return 'rendered';
  } catch (err) {
    if (!isRedirectError(err)) return `error ${String(err)}`;
    return `redirect ${(err as { digest: string }).digest.split(';')[2]}`;
  }
}

describe('database down: pages and layouts → the outage page', () => {
  it.each([
    ['/dashboard (product counts)', () => DashboardPage()],
    ['/products (the list)', () => ProductsPage({ searchParams: Promise.resolve({}) })],
    ['/profile (profile and settings)', () => ProfilePage()],
  ])('%s', async (_name, render) => {
    expect(await renderOutcome(render)).toBe(`redirect ${OUTAGE_PATH}`);
  });

  it('with KV down too, the session check every layout and page makes ends there', async () => {
    setKvForTests(failingKv());
    try {
      expect(await renderOutcome(() => requireAuth())).toBe(`redirect ${OUTAGE_PATH}`);
    } finally {
      setKvForTests(backends.kv);
    }
  });

  it('the outage page answers 503 with Retry-After, its text and a way back', async () => {
    const res = outagePage();
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('having trouble reaching our services');
    expect(html).toContain('href="/dashboard"');
  });
});

describe('database down: route handlers and actions', () => {
  it('a route handler answers 503 { error } with Retry-After', async () => {
    const res = await callRoute(listProducts, { path: '/api/products', cookie });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'Service temporarily unavailable' });
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it.each([
    ['KV up (the write fails)', false],
    ['KV down too (the session check fails)', true],
  ])('an action answers a form message, %s', async (_name, kvDown) => {
    if (kvDown) setKvForTests(failingKv());
    try {
      enterRequest({ cookie, surface: 'action' });
      const form = new FormData();
      form.set('name', 'During outage');
      form.set('price', '1.00');
      const state = await createProductAction(idleState, form);
      expect(state).toMatchObject({ status: 'error', message: 'Service temporarily unavailable', values: { name: 'During outage' } });
    } finally {
      setKvForTests(backends.kv);
    }
  });
});
