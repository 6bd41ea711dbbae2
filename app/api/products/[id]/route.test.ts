import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { products } from '@/db/schema';
import { createProduct, type Product } from '@/db/queries/products';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { DELETE, GET, PATCH } from './route';

let owner: TokenSubject;
let stranger: TokenSubject;
let admin: TokenSubject;
const cookies: Record<'owner' | 'stranger' | 'admin', string> = { owner: '', stranger: '', admin: '' };
let product: Product;
const MISSING = '3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11';

beforeAll(async () => {
  await useFreshBackends();
  owner = await createTestUser();
  stranger = await createTestUser();
  admin = await createTestUser({ role: 'admin' });
  cookies.owner = await sessionCookie(owner);
  cookies.stranger = await sessionCookie(stranger);
  cookies.admin = await sessionCookie(admin);
});

beforeEach(async () => {
  product = await createProduct(owner.id, { name: 'Original', description: 'desc', priceCents: 1000 });
});

async function row(id: string) {
  const db = await getDb();
  const [r] = await db.select().from(products).where(eq(products.id, id));
  return r ?? null;
}

const at = (id: string) => ({ path: `/api/products/${id}`, params: { id } });

describe('GET /api/products/:id', () => {
  it('the owner and an admin get the product', async () => {
    for (const who of ['owner', 'admin'] as const) {
      const res = await callRoute(GET, { ...at(product.id), cookie: cookies[who] });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ id: product.id, name: 'Original', priceCents: 1000, ownerId: owner.id });
    }
  });

  it('someone else gets exactly the 404 of a missing or malformed id', async () => {
    const strangerRes = await callRoute(GET, { ...at(product.id), cookie: cookies.stranger });
    const missing = await callRoute(GET, { ...at(MISSING), cookie: cookies.stranger });
    const malformed = await callRoute(GET, { ...at('not-a-uuid'), cookie: cookies.owner });
    for (const res of [strangerRes, missing, malformed]) {
      expect(res.status).toBe(404);
      expect(res.text).toBe('{"error":"Not found"}');
    }
  });

  it('401 without a session', async () => {
    const res = await callRoute(GET, at(product.id));
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Unauthorized' });
  });
});

describe('PATCH /api/products/:id', () => {
  const patch = (id: string, cookie: string | undefined, body: unknown, headers?: Record<string, string>) =>
    callRoute(PATCH, { method: 'PATCH', ...at(id), cookie, body, headers });

  it('the owner changes only the fields sent', async () => {
    const res = await patch(product.id, cookies.owner, { priceCents: 1250 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Original', description: 'desc', priceCents: 1250 });
    expect(await row(product.id)).toMatchObject({ name: 'Original', priceCents: 1250 });
  });

  it('an admin may change someone else’s product; the owner stays the owner', async () => {
    const res = await patch(product.id, cookies.admin, { name: 'Renamed by admin' });
    expect(res.status).toBe(200);
    expect(await row(product.id)).toMatchObject({ name: 'Renamed by admin', ownerId: owner.id });
  });

  it('a stranger gets the same 404 as a missing id, and nothing changes', async () => {
    const res = await patch(product.id, cookies.stranger, { name: 'Hijacked' });
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ error: 'Not found' });
    expect((await patch(MISSING, cookies.stranger, { name: 'Hijacked' })).json).toEqual(res.json);
    expect((await patch('../etc', cookies.owner, { name: 'x' })).status).toBe(404);
    expect(await row(product.id)).toMatchObject({ name: 'Original', priceCents: 1000 });
  });

  it('422 for an empty patch, unknown keys (ownerId, id) and bad values; nothing changes', async () => {
    const empty = await patch(product.id, cookies.owner, {});
    expect(empty.status).toBe(422);
    expect(empty.json).toMatchObject({ error: 'Validation failed', issues: { _: [expect.any(String)] } });
    const takeover = await patch(product.id, cookies.owner, { name: 'x', ownerId: stranger.id });
    expect(takeover.status).toBe(422);
    expect(takeover.json).toMatchObject({ issues: { _: ['Unknown field(s): ownerId'] } });
    expect((await patch(product.id, cookies.owner, { id: MISSING })).status).toBe(422);
    expect((await patch(product.id, cookies.owner, { priceCents: 1.5 })).status).toBe(422);
    expect((await patch(product.id, cookies.owner, { name: 'x'.repeat(101) })).status).toBe(422);
    expect(await row(product.id)).toMatchObject({ name: 'Original', ownerId: owner.id, priceCents: 1000 });
  });

  it('401, 403 cross-origin and 415 text/plain change nothing', async () => {
    expect((await patch(product.id, undefined, { name: 'Anon' })).status).toBe(401);
    expect((await patch(product.id, cookies.owner, { name: 'Evil' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await patch(product.id, cookies.owner, { name: 'Evil' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await patch(product.id, cookies.owner, '{"name":"Plain"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(await row(product.id)).toMatchObject({ name: 'Original' });
  });
});

describe('DELETE /api/products/:id', () => {
  const del = (id: string, cookie?: string, headers?: Record<string, string>) => callRoute(DELETE, { method: 'DELETE', ...at(id), cookie, headers });

  it('the owner deletes → 204 with no body; a second delete is 404', async () => {
    const res = await del(product.id, cookies.owner);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await row(product.id)).toBeNull();
    expect((await del(product.id, cookies.owner)).status).toBe(404);
  });

  it('an admin may delete someone else’s product', async () => {
    expect((await del(product.id, cookies.admin)).status).toBe(204);
    expect(await row(product.id)).toBeNull();
  });

  it('a stranger, an anonymous caller and a cross-origin request delete nothing', async () => {
    const stranger404 = await del(product.id, cookies.stranger);
    expect(stranger404.status).toBe(404);
    expect(stranger404.json).toEqual({ error: 'Not found' });
    expect((await del(product.id)).status).toBe(401);
    expect((await del(product.id, cookies.owner, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await del('not-a-uuid', cookies.owner)).status).toBe(404);
    expect(await row(product.id)).not.toBeNull();
  });
});
