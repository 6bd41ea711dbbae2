/**
 * The products API through a plain HTTP client (fetch + cookie jar) against the production
 * build: every endpoint, and every error status a client can meet.
 */
import { expect, test, uniqueUser } from './support/fixtures';
import { ApiClient } from './support/api-client';

type Product = { id: string; ownerId: string; name: string; description: string; priceCents: number; createdAt: string; updatedAt: string };

async function signedIn(baseURL: string, prefix: string) {
  const user = uniqueUser(prefix);
  const client = new ApiClient(baseURL);
  expect((await client.fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);
  await client.signIn(user.email, user.password);
  expect(client.sessionToken).toBeTruthy();
  return client;
}

test.describe('products API', () => {
  test('POST → GET list with cursor → GET one → PATCH → DELETE', async ({ baseURL }) => {
    const api = await signedIn(baseURL!, 'api-owner');
    const ids: string[] = [];
    for (const [i, name] of ['Alpha', 'Beta', 'Gamma'].entries()) {
      const res = await api.fetch('/api/products', { method: 'POST', json: { name, priceCents: 100 * (i + 1), ...(i === 0 ? { description: 'first' } : {}) } });
      expect(res.status).toBe(201);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as Product;
      expect(body).toMatchObject({ name, priceCents: 100 * (i + 1), description: i === 0 ? 'first' : '' });
      ids.push(body.id);
    }

    const first = await api.fetch('/api/products?limit=2');
    expect(first.status).toBe(200);
    const page1 = (await first.json()) as { items: Product[]; nextCursor: string | null };
    expect(page1.items.map((p) => p.name)).toEqual(['Gamma', 'Beta']);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await (await api.fetch(`/api/products?limit=2&cursor=${encodeURIComponent(page1.nextCursor!)}`)).json()) as { items: Product[]; nextCursor: string | null };
    expect(page2).toEqual({ items: [expect.objectContaining({ name: 'Alpha', id: ids[0] })], nextCursor: null });

    const one = await api.fetch(`/api/products/${ids[1]}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: ids[1], name: 'Beta', priceCents: 200 });

    const patched = await api.fetch(`/api/products/${ids[1]}`, { method: 'PATCH', json: { name: 'Beta 2', priceCents: 250 } });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: ids[1], name: 'Beta 2', priceCents: 250 });

    const deleted = await api.fetch(`/api/products/${ids[1]}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    expect((await api.fetch(`/api/products/${ids[1]}`)).status).toBe(404);
    const remaining = (await (await api.fetch('/api/products')).json()) as { items: Product[] };
    expect(remaining.items.map((p) => p.name)).toEqual(['Gamma', 'Alpha']);
  });

  test('401 without a session on every endpoint', async ({ baseURL }) => {
    const anonymous = new ApiClient(baseURL!);
    const id = '3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11';
    const calls: Array<[string, RequestInit & { json?: unknown }]> = [
      ['/api/products', {}],
      ['/api/products', { method: 'POST', json: { name: 'x', priceCents: 1 } }],
      [`/api/products/${id}`, {}],
      [`/api/products/${id}`, { method: 'PATCH', json: { name: 'x' } }],
      [`/api/products/${id}`, { method: 'DELETE' }],
    ];
    for (const [path, init] of calls) {
      const res = await anonymous.fetch(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(401);
      expect(await res.json()).toEqual({ error: 'Unauthorized' });
    }
  });

  test('another user gets the same 404 as a missing or malformed id, and changes nothing', async ({ baseURL }) => {
    const owner = await signedIn(baseURL!, 'api-owner');
    const other = await signedIn(baseURL!, 'api-other');
    const { id } = (await (await owner.fetch('/api/products', { method: 'POST', json: { name: 'Mine', priceCents: 1 } })).json()) as Product;

    const bodies = new Set<string>();
    for (const target of [id, '3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11', 'not-a-uuid']) {
      for (const init of [{}, { method: 'PATCH', json: { name: 'Stolen' } }, { method: 'DELETE' }]) {
        const res = await other.fetch(`/api/products/${target}`, init);
        expect(res.status).toBe(404);
        bodies.add(await res.text());
      }
    }
    expect([...bodies]).toEqual(['{"error":"Not found"}']);
    const list = (await (await other.fetch('/api/products')).json()) as { items: Product[] };
    expect(list.items).toEqual([]);
    expect(await (await owner.fetch(`/api/products/${id}`)).json()).toMatchObject({ name: 'Mine', priceCents: 1 });
  });

  test('413, 415, 422, 403 and 400: the write is refused and nothing is stored', async ({ baseURL }) => {
    const api = await signedIn(baseURL!, 'api-errors');
    const { id } = (await (await api.fetch('/api/products', { method: 'POST', json: { name: 'Keep', priceCents: 7 } })).json()) as Product;

    const tooBig = await api.fetch('/api/products', { method: 'POST', json: { name: 'Huge', priceCents: 1, description: 'x'.repeat(70 * 1024) } });
    expect(tooBig.status).toBe(413);
    expect(await tooBig.json()).toEqual({ error: 'Request body too large' });

    const plain = await api.fetch('/api/products', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ name: 'Plain', priceCents: 1 }) });
    expect(plain.status).toBe(415);
    expect(await plain.json()).toEqual({ error: 'Content-Type must be application/json' });

    const owned = await api.fetch('/api/products', { method: 'POST', json: { name: 'Sneaky', priceCents: 1, ownerId: '3f0e8a52-5d1c-4c55-9b1e-1f6f0a3c9d11' } });
    expect(owned.status).toBe(422);
    expect(await owned.json()).toEqual({ error: 'Validation failed', issues: { _: ['Unknown field(s): ownerId'] } });

    const invalid = await api.fetch('/api/products', { method: 'POST', json: { name: '', priceCents: 1.5 } });
    expect(invalid.status).toBe(422);
    expect(Object.keys(((await invalid.json()) as { issues: object }).issues).sort()).toEqual(['name', 'priceCents']);

    const emptyPatch = await api.fetch(`/api/products/${id}`, { method: 'PATCH', json: {} });
    expect(emptyPatch.status).toBe(422);
    const badLimit = await api.fetch('/api/products?limit=101');
    expect(badLimit.status).toBe(422);
    expect(await badLimit.json()).toMatchObject({ issues: { limit: [expect.any(String)] } });
    expect((await api.fetch('/api/products?cursor=forged')).status).toBe(422);

    const crossOrigin = await api.fetch(`/api/products/${id}`, { method: 'PATCH', headers: { origin: 'https://evil.example' }, json: { name: 'CSRF' } });
    expect(crossOrigin.status).toBe(403);
    expect(await crossOrigin.json()).toEqual({ error: 'Cross-origin request refused' });
    const crossDelete = await api.fetch(`/api/products/${id}`, { method: 'DELETE', headers: { origin: 'https://evil.example' } });
    expect(crossDelete.status).toBe(403);

    const malformed = await api.fetch('/api/products', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":' });
    expect(malformed.status).toBe(400);

    const list = (await (await api.fetch('/api/products')).json()) as { items: Product[] };
    expect(list.items.map((p) => ({ name: p.name, priceCents: p.priceCents }))).toEqual([{ name: 'Keep', priceCents: 7 }]);
  });
});
