import { beforeAll, describe, expect, it } from 'vitest';
import { checkOwnership, getCurrentUser, getSession, requireAdmin, requireAuth } from '@/lib/auth';
import { enterRequest } from '@/tests/helpers/request-context';
import { useFreshBackends } from '@/tests/helpers/db';
import { mintToken, sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { redirectTarget } from '@/tests/helpers/freshness';

let user: TokenSubject;
let admin: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser({ name: 'Regular Person' });
  admin = await createTestUser({ role: 'admin', name: 'Admin Person' });
});


describe('the data access layer guards', () => {
  it('requireAuth returns the session of a valid token', async () => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'page' });
    const session = await requireAuth();
    expect(session.user).toMatchObject({ id: user.id, name: 'Regular Person', email: user.email, role: 'user' });
  });

  it('requireAuth redirects to /login without a cookie, and to /session-ended for a cookie that is no session', async () => {
    enterRequest({ surface: 'page' });
    expect(await redirectTarget(requireAuth)).toBe('/login');
    enterRequest({ cookie: 'authjs.session-token=garbage', surface: 'page' });
    expect(await redirectTarget(requireAuth)).toBe('/session-ended');
  });

  it('requireAdmin lets an admin through and sends a user to /unauthorized', async () => {
    enterRequest({ cookie: await sessionCookie(admin), surface: 'page' });
    expect((await requireAdmin()).user.role).toBe('admin');
    enterRequest({ cookie: await sessionCookie(user), surface: 'page' });
    expect(await redirectTarget(requireAdmin)).toBe('/unauthorized');
  });

  it('a token that decrypts but lacks an id or carries an unknown role is no session', async () => {
    for (const overrides of [{ id: undefined }, { role: 'superuser' }, { authzVersion: 'one' }]) {
      enterRequest({ cookie: `authjs.session-token=${await mintToken(user, overrides)}` });
      expect(await getSession()).toBeNull();
    }
  });

  it('getCurrentUser reads the row without the password hash; checkOwnership compares ids', async () => {
    enterRequest({ cookie: await sessionCookie(user) });
    const row = await getCurrentUser();
    expect(row).toMatchObject({ id: user.id, email: user.email });
    expect(row).not.toHaveProperty('passwordHash');
    expect(await checkOwnership(user.id)).toBe(true);
    expect(await checkOwnership(admin.id)).toBe(false);
    enterRequest({});
    expect(await getCurrentUser()).toBeNull();
    expect(await checkOwnership(user.id)).toBe(false);
  });
});
