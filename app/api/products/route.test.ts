import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { createProduct } from '@/db/queries/products';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { GET, POST } from './route';

let user: TokenSubject;
let other: TokenSubject;
let userCookie: string;

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser();
  other = await createTestUser();
  userCookie = await sessionCookie(user);
});

async function rowsOf(ownerId: string) {
  const db = await getDb();
  return db.select().from(products).where(eq(products.ownerId, ownerId));
}

type Page = { items: Array<Record<string, unknown>>; nextCursor: string | null };

describe('GET /api/products', () => {
  it('lists only the caller’s products, newest first, following nextCursor to the end', async () => {
    // Explicit, distinct times: PGlite's clock ticks in milliseconds, so quick inserts can tie.
    const db = await getDb();
    for (let i = 0; i < 5; i++) await db.insert(products).values({ ownerId: user.id, name: `mine-${i}`, priceCents: i, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) });
    await createProduct(other.id, { name: 'theirs', priceCents: 1 });
    const names: string[] = [];
    let path = '/api/products?limit=2';
    for (;;) {
      const res = await callRoute(GET, { path, cookie: userCookie });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const page = res.json as unknown as Page;
      expect(page.items.length).toBeLessThanOrEqual(2);
      names.push(...page.items.map((p) => p.name as string));
      if (!page.nextCursor) break;
      path = `/api/products?limit=2&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(names).toEqual(['mine-4', 'mine-3', 'mine-2', 'mine-1', 'mine-0']);
    const first = (await callRoute(GET, { path: '/api/products', cookie: userCookie })).json as unknown as Page;
    expect(Object.keys(first.items[0]!).sort()).toEqual(['createdAt', 'description', 'id', 'name', 'ownerId', 'priceCents', 'updatedAt']);
    expect(first.nextCursor).toBeNull();
  });

  it('answers 422 for a limit outside 1..100 or a cursor it did not issue', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=']) {
      const res = await callRoute(GET, { path: `/api/products?${q}`, cookie: userCookie });
      expect(res.status, q).toBe(422);
      expect(res.json).toMatchObject({ error: 'Validation failed', issues: { limit: [expect.any(String)] } });
    }
    const forged = Buffer.from("1' OR 1=1.x").toString('base64url');
    for (const cursor of ['garbage!', forged, Buffer.from('99999999999999999.00000000-0000-0000-0000-000000000000').toString('base64url')]) {
      const res = await callRoute(GET, { path: `/api/products?cursor=${encodeURIComponent(cursor)}`, cookie: userCookie });
      expect(res.status, cursor).toBe(422);
      expect(res.json).toMatchObject({ issues: { cursor: [expect.any(String)] } });
    }
    expect((await callRoute(GET, { path: '/api/products?limit=100', cookie: userCookie })).status).toBe(200);
  });

  it('?sort=name|price and ?q= (a name search as plain text) page with their own cursors', async () => {
    const searcher = await createTestUser();
    const cookie = await sessionCookie(searcher);
    for (const [name, priceCents] of [['b lamp', 300], ['A lamp', 200], ['c LAMP', 100], ['kettle', 50], ['50% lamp', 400]] as const) {
      await createProduct(searcher.id, { name, priceCents });
    }
    const names = async (query: string) => {
      const seen: string[] = [];
      let path = `/api/products?limit=1&${query}`;
      for (;;) {
        const res = await callRoute(GET, { path, cookie });
        expect(res.status, path).toBe(200);
        const page = res.json as unknown as Page;
        seen.push(...page.items.map((p) => p.name as string));
        if (!page.nextCursor) return seen;
        path = `/api/products?limit=1&${query}&cursor=${encodeURIComponent(page.nextCursor)}`;
      }
    };
    expect(await names('sort=name&q=lamp')).toEqual(['50% lamp', 'A lamp', 'b lamp', 'c LAMP']);
    expect(await names('sort=price')).toEqual(['kettle', 'c LAMP', 'A lamp', 'b lamp', '50% lamp']);
    expect(await names('q=%25')).toEqual(['50% lamp']);
    expect(await names('q=')).toHaveLength(5);
  });

  it('answers 422 for an unknown sort, an over-long search, or a cursor issued under another sort', async () => {
    for (const sort of ['price_cents', 'NAME', '', 'name;drop']) {
      const res = await callRoute(GET, { path: `/api/products?sort=${encodeURIComponent(sort)}`, cookie: userCookie });
      expect(res.status, sort).toBe(422);
      expect(res.json).toMatchObject({ issues: { sort: ['sort must be one of: newest, name, price'] } });
    }
    const long = await callRoute(GET, { path: `/api/products?q=${'x'.repeat(101)}`, cookie: userCookie });
    expect(long.status).toBe(422);
    expect(long.json).toMatchObject({ issues: { q: ['Search must be at most 100 characters'] } });

    const page = (await callRoute(GET, { path: '/api/products?limit=1&sort=price', cookie: userCookie })).json as unknown as Page;
    expect(page.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(page.nextCursor!);
    expect((await callRoute(GET, { path: `/api/products?limit=1&sort=price&cursor=${cursor}`, cookie: userCookie })).status).toBe(200);
    for (const other of ['', '&sort=newest', '&sort=name']) {
      const res = await callRoute(GET, { path: `/api/products?limit=1&cursor=${cursor}${other}`, cookie: userCookie });
      expect(res.status, other).toBe(422);
      expect(res.json).toMatchObject({ issues: { cursor: ['cursor is not one this API issued for this sort'] } });
    }
  });

  it('answers 401 without a session', async () => {
    const res = await callRoute(GET, { path: '/api/products' });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Unauthorized' });
  });
});

describe('POST /api/products', () => {
  it('creates a product owned by the caller → 201 with the product', async () => {
    const res = await callRoute(POST, { method: 'POST', path: '/api/products', cookie: userCookie, body: { name: ' Desk <b>lamp</b> ', description: 'Warm light', priceCents: 4999 } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: 'Desk <b>lamp</b>', description: 'Warm light', priceCents: 4999, ownerId: user.id });
    expect(res.headers.get('location')).toBe(`/api/products/${res.json.id as string}`);
    const db = await getDb();
    const [row] = await db.select().from(products).where(eq(products.id, res.json.id as string));
    expect(row).toMatchObject({ ownerId: user.id, name: 'Desk <b>lamp</b>', priceCents: 4999 });
  });

  it('refuses an ownerId in the body (422) and creates nothing, for anyone', async () => {
    const before = (await rowsOf(other.id)).length;
    const res = await callRoute(POST, { method: 'POST', cookie: userCookie, body: { name: 'Planted', priceCents: 1, ownerId: other.id } });
    expect(res.status).toBe(422);
    expect(res.json).toEqual({ error: 'Validation failed', issues: { _: ['Unknown field(s): ownerId'] } });
    expect((await rowsOf(other.id)).length).toBe(before);
    expect((await rowsOf(user.id)).some((r) => r.name === 'Planted')).toBe(false);
  });

  it('answers 422 with field issues for bad values', async () => {
    const res = await callRoute(POST, { method: 'POST', cookie: userCookie, body: { name: '', priceCents: -5, description: 7 } });
    expect(res.status).toBe(422);
    expect(Object.keys((res.json as { issues: object }).issues).sort()).toEqual(['description', 'name', 'priceCents']);
  });

  it('401 without a session, 415 for text/plain, 413 over 64 KB, 403 cross-origin: nothing written', async () => {
    const before = (await rowsOf(user.id)).length;
    expect((await callRoute(POST, { method: 'POST', body: { name: 'Anon', priceCents: 1 } })).status).toBe(401);
    const text = await callRoute(POST, { method: 'POST', cookie: userCookie, body: '{"name":"T","priceCents":1}', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.json).toEqual({ error: 'Content-Type must be application/json' });
    const big = await callRoute(POST, { method: 'POST', cookie: userCookie, body: { name: 'Big', priceCents: 1, description: 'x'.repeat(70_000) } });
    expect(big.status).toBe(413);
    const foreign = await callRoute(POST, { method: 'POST', cookie: userCookie, body: { name: 'CSRF', priceCents: 1 }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(foreign.json).toEqual({ error: 'Cross-origin request refused' });
    const malformed = await callRoute(POST, { method: 'POST', cookie: userCookie, body: '{"name": ' });
    expect(malformed.status).toBe(400);
    expect((await rowsOf(user.id)).length).toBe(before);
  });
});
