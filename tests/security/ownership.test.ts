/**
 * Security cases 32–34 (ownership) against what `main` has: the personal API answers only for the
 * cookie's user, `checkOwnership` never grants another user's resource (admins included), and the
 * `handler({ access: 'admin' })` wrapper that every `/api/admin/**` route uses refuses non-admins
 * (403) and unknown roles (422) before its body runs. Product ownership (32–33 over pages, actions
 * and `/api/products/[id]`) is added when the products branch lands.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GET as getUser } from '@/app/api/user/route';
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
    ['a path suffix', '/api/user/BOB'],
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

describe('case 34: admin-only handlers', () => {
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
