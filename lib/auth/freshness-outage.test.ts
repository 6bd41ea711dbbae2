/**
 * Fail closed: with the database gone, a decision that needs it is a 503, never "allow because
 * unknown". (Its own file: the PGlite handle is closed for good here.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getAdminUsers } from '@/app/api/admin/users/route';
import { getSession } from '@/lib/auth';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { DependencyUnavailableError } from '@/lib/core/errors';
import { setKvForTests, type Kv } from '@/lib/kv';
import { failingKv, useFreshBackends, type TestBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

let backends: TestBackends;
let kv: Kv;
let admin: TokenSubject;
let demoted: TokenSubject;
// Minted while the database is up: minting records a sign-in row.
const cookies = { admin: '', staleAdmin: '' };

beforeAll(async () => {
  backends = await useFreshBackends();
  kv = backends.kv;
  admin = await createTestUser({ role: 'admin' });
  demoted = await createTestUser({ role: 'admin' });
  cookies.admin = await sessionCookie(admin);
  cookies.staleAdmin = await sessionCookie({ ...demoted, role: 'admin' });
  enterRequest({ cookie: cookies.admin });
  await getSession(); // marker filled
  await changeUserAsAdmin(admin.id, demoted.id, { kind: 'update', role: 'user' });
  await backends.database.close();
});

describe('database down', () => {
  it('a token the KV marker vouches for still works (no database needed)', async () => {
    enterRequest({ cookie: cookies.admin });
    expect((await getSession())?.user.role).toBe('admin');
  });

  it('a stale token needs the database: getSession throws DependencyUnavailableError, the API answers 503', async () => {
    const cookie = cookies.staleAdmin;
    enterRequest({ cookie });
    await expect(getSession()).rejects.toBeInstanceOf(DependencyUnavailableError);
    const res = await callRoute(getAdminUsers, { cookie });
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'Service temporarily unavailable' });
  });

  it('KV and database down: 503 even for a token that was fresh', async () => {
    setKvForTests(failingKv());
    const cookie = cookies.admin;
    enterRequest({ cookie });
    await expect(getSession()).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect((await callRoute(getAdminUsers, { cookie })).status).toBe(503);
    setKvForTests(kv);
  });
});
