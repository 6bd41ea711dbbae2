/**
 * Security cases 32–34 (ownership) against what `main` has: the personal API answers only for the
 * cookie's user, `checkOwnership` never grants another user's resource (admins included), and the
 * `handler({ access: 'admin' })` wrapper that every `/api/admin/**` route uses refuses non-admins
 * (403) and unknown roles (422) before its body runs; another user's product through the API and
 * the server actions (tampered hidden id) is the same 404 / "not found" as a missing one, with
 * nothing changed; every admin endpoint refuses a non-admin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as getUser } from '@/app/api/user/route';
import { DELETE as deleteProductApi, GET as getProductApi, PATCH as patchProductApi } from '@/app/api/products/[id]/route';
import { GET as listAdminUsers } from '@/app/api/admin/users/route';
import { DELETE as deleteAdminUser, PATCH as patchAdminUser } from '@/app/api/admin/users/[id]/route';
import { DELETE as revokeAdminUserSessions } from '@/app/api/admin/users/[id]/sessions/route';
import { deleteProductAction, updateProductAction } from '@/app/(dashboard)/products/actions';
import { createProduct } from '@/db/queries/products';
import { handler } from '@/lib/api/handler';
import { checkOwnership } from '@/lib/auth';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

let alice: TokenSubject;
let bob: TokenSubject;
let admin: TokenSubject;
beforeAll(async () => {
  await useFreshBackends();
  alice = await createTestUser({ name: 'Alice' });
  bob = await createTestUser({ name: 'Bob' });
  admin = await createTestUser({ role: 'admin', name: 'Ada' });
});

describe('the personal API answers only for the cookie\'s user', () => {
  it.each([
    ['a ?id= of another user', '/api/user?id=BOB'],
    ['a ?userId= of another user', '/api/user?userId=BOB'],
  ])('%s is ignored', async (_n, path) => {
    const res = await callRoute(getUser, { path: path.replace('BOB', bob.id), cookie: await sessionCookie(alice), headers: { 'x-user-id': bob.id } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: alice.id, email: alice.email });
    expect(res.text).not.toContain(bob.email);
  });
});

describe('checkOwnership', () => {
  const NOBODY = '00000000-0000-0000-0000-000000000000';
  it.each<[string, 'alice' | 'bob' | 'admin', 'alice' | 'nobody', boolean]>([
    ['the owner', 'alice', 'alice', true],
    ['another user', 'bob', 'alice', false],
    ['an admin (admin access is a separate decision)', 'admin', 'alice', false],
    ['a made-up id', 'alice', 'nobody', false],
  ])('%s → %s', async (_n, who, owner, expected) => {
    const people: Record<string, TokenSubject> = { alice, bob, admin };
    enterRequest({ cookie: await sessionCookie(people[who]!) });
    expect(await checkOwnership(owner === 'nobody' ? NOBODY : alice.id)).toBe(expected);
  });
  it('no session → false', async () => {
    enterRequest({});
    expect(await checkOwnership(alice.id)).toBe(false);
  });
});

describe('admin-only handlers', () => {
  let ran = 0;
  const setRole = handler({ access: 'admin', body: z.strictObject({ role: z.enum(['user', 'admin']) }) }, async () => {
    ran++;
    return { ok: true };
  });

  it.each([
    ['a user', () => sessionCookie(bob), 403],
    ['nobody', async () => undefined, 401],
    ['a garbage cookie', async () => 'authjs.session-token=x', 401],
  ])('%s → %s, body not run', async (_n, cookie, status) => {
    const before = ran;
    const res = await expectDbUnchanged(async () =>
      callRoute(setRole, { method: 'PATCH', cookie: await cookie(), body: { role: 'admin' } }),
    );
    expect(res.status).toBe(status);
    expect(ran).toBe(before);
  });

  it.each([{ role: 'superadmin' }, { role: 'ADMIN' }, { role: ['admin'] }, { role: 'admin', authzVersion: 99 }, {}])(
    'an admin sending %j → 422',
    async (body) => {
      const res = await callRoute(setRole, { method: 'PATCH', cookie: await sessionCookie(admin), body });
      expect(res.status).toBe(422);
    },
  );

  it('control: an admin with a valid body gets through', async () => {
    const res = await callRoute(setRole, { method: 'PATCH', cookie: await sessionCookie(admin), body: { role: 'user' } });
    expect(res.status).toBe(200);
  });
});

describe('another user\'s product is the same as a missing one, and nothing changes', () => {
  const MISSING = '00000000-0000-4000-8000-000000000000';
  let productId: string;
  beforeAll(async () => {
    productId = (await createProduct(alice.id, { name: 'Alice\'s lamp', description: '', priceCents: 1200 })).id;
  });

  it.each([
    ['GET', getProductApi, undefined],
    ['PATCH', patchProductApi, { name: 'stolen' }],
    ['DELETE', deleteProductApi, undefined],
  ] as const)('%s /api/products/:id by another user → the 404 of a missing id', async (method, fn, body) => {
    const cookie = await sessionCookie(bob);
    const foreign = await expectDbUnchanged(() => callRoute(fn, { method, cookie, body, params: { id: productId } }));
    const missing = await expectDbUnchanged(() => callRoute(fn, { method, cookie, body, params: { id: MISSING } }));
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual(missing.json);
    expect(foreign.text).not.toContain('lamp');
  });

  it.each([
    ['update with a tampered hidden id', updateProductAction, { name: 'stolen', price: '1.00' }],
    ['delete with a tampered hidden id', deleteProductAction, {}],
  ] as const)('server action: %s → "Product not found.", nothing changed', async (_n, action, fields) => {
    enterRequest({ cookie: await sessionCookie(bob), surface: 'action' });
    const form = new FormData();
    form.set('id', productId);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const state = await expectDbUnchanged(() => action({ status: 'idle' }, form));
    expect(state).toMatchObject({ status: 'error', message: 'Product not found.' });
  });
});

describe('a non-admin calling the admin API → 403, nothing changed', () => {
  it.each([
    ['GET /api/admin/users', listAdminUsers, 'GET', undefined],
    ['PATCH /api/admin/users/:id', patchAdminUser, 'PATCH', { role: 'admin' }],
    ['DELETE /api/admin/users/:id', deleteAdminUser, 'DELETE', undefined],
    ['DELETE /api/admin/users/:id/sessions', revokeAdminUserSessions, 'DELETE', undefined],
  ] as const)('%s', async (_n, fn, method, body) => {
    const res = await expectDbUnchanged(() => callRoute(fn as Parameters<typeof callRoute>[0], { method, cookie: undefined, body, params: { id: bob.id } }));
    expect(res.status).toBe(401);
    const asUser = await expectDbUnchanged(async () => callRoute(fn as Parameters<typeof callRoute>[0], { method, cookie: await sessionCookie(alice), body, params: { id: bob.id } }));
    expect(asUser.status).toBe(403);
    expect(asUser.json).toEqual({ error: 'Forbidden' });
  });

  it('an admin sending an unknown role → 422, nothing changed', async () => {
    const res = await expectDbUnchanged(async () =>
      callRoute(patchAdminUser, { method: 'PATCH', cookie: await sessionCookie(admin), body: { role: 'superuser' }, params: { id: bob.id } }),
    );
    expect(res.status).toBe(422);
  });
});
