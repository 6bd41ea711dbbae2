import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { decode } from 'next-auth/jwt';
import { getSession } from '@/lib/auth';
import { decodeSessionToken, SESSION_UPDATE_AGE_SECONDS } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { useFreshBackends } from '@/tests/helpers/db';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { mintToken, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';

let user: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A real token issued `ageSeconds` ago (Auth.js's encode stamps the current clock). */
async function tokenIssuedAgo(ageSeconds: number): Promise<string> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() - ageSeconds * 1000);
  const token = await mintToken(user);
  vi.useRealTimers();
  return token;
}

describe('sliding expiry (Node side; the edge gate never writes the cookie)', () => {
  it('a token younger than the update age is not re-issued', async () => {
    enterRequest({ cookie: `${SESSION_COOKIE}=${await mintToken(user)}` });
    const session = await getSession();
    expect(session?.needsCookieRefresh).toBe(false);
    expect(currentRequest().written.size).toBe(0);
  });

  it('an older token is re-issued by a route handler or action, keeping the sign-in time', async () => {
    const old = await tokenIssuedAgo(SESSION_UPDATE_AGE_SECONDS + 60);
    const before = await decodeSessionToken(old, getEnv().authSecrets, SESSION_COOKIE);
    enterRequest({ cookie: `${SESSION_COOKIE}=${old}`, surface: 'route' });
    expect((await getSession())?.user.id).toBe(user.id);
    const fresh = currentRequest().written.get(SESSION_COOKIE);
    expect(fresh).toBeTruthy();
    const after = await decodeSessionToken(fresh!, getEnv().authSecrets, SESSION_COOKIE);
    expect(after!.exp!).toBeGreaterThan(before!.exp!);
    expect(after!.authTime).toBe(before!.authTime);
    expect(after!.role).toBe('user');
    // Minted by the app's codec, read back by Auth.js's own `decode`: still one token format.
    const theirs = await decode({ token: fresh!, secret: getEnv().authSecrets, salt: SESSION_COOKIE });
    expect(theirs).toMatchObject({ id: user.id, sub: user.id, role: 'user', authTime: before!.authTime, jti: after!.jti, exp: after!.exp });
  });

  it('in a page render (cookies read-only) the session asks the browser to refresh it', async () => {
    const old = await tokenIssuedAgo(SESSION_UPDATE_AGE_SECONDS + 60);
    enterRequest({ cookie: `${SESSION_COOKIE}=${old}`, surface: 'page' });
    const session = await getSession();
    expect(session?.needsCookieRefresh).toBe(true);
    expect(currentRequest().written.size).toBe(0);
  });
});
