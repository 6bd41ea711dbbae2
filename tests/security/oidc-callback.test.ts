/**
 * Security cases 80–81 through Auth.js's real OpenID Connect handling (discovery, PKCE, state,
 * nonce, the ID token checked by oauth4webapi): the app's own Auth.js route against a loopback
 * provider whose ID tokens the test mints with `jose`.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, afterAll, describe, expect, it, vi } from 'vitest';
import { getDb } from '@/db/client';
import { providerAccounts, users } from '@/db/schema';
import { startConnectingProvider, type AppSession, getSession } from '@/lib/auth';
import { getEnv } from '@/lib/core/env';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { authGet, authPost, type AuthJsResponse } from '@/tests/helpers/authjs';
import { useFreshBackends } from '@/tests/helpers/db';
import { enterRequest, currentRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { redirectTarget } from '@/tests/helpers/freshness';
import { connectProviderAction, disconnectProviderAction } from '@/app/(dashboard)/profile/security/actions';
import type { JWTPayload } from 'jose';

// The provider must exist before `auth.ts` reads the environment (at import).
const oidc = await vi.hoisted(async () => {
  const fake = await import('@/tests/helpers/fake-oidc');
  const server = await fake.startFakeOidc();
  process.env.AUTH_OIDC_ISSUER = server.issuer;
  process.env.AUTH_OIDC_ID = fake.FAKE_OIDC_CLIENT_ID;
  process.env.AUTH_OIDC_SECRET = fake.FAKE_OIDC_CLIENT_SECRET;
  (await import('@/lib/core/env')).resetEnvCache();
  return server;
});

beforeAll(async () => {
  await useFreshBackends();
});
afterAll(() => oidc.close());

const pairs = (setCookies: string[]) => setCookies.map((c) => c.split(';')[0]!).filter((p) => !p.endsWith('='));

/** The whole leg: POST /api/auth/signin/oidc → the provider → GET /api/auth/callback/oidc. */
async function throughProvider(claims: (c: JWTPayload) => JWTPayload, cookie = ''): Promise<AuthJsResponse> {
  oidc.nextIdToken(claims);
  const start = await authPost('/api/auth/signin/oidc', cookie, { callbackUrl: '/dashboard' });
  const authorize = new URL(start.headers.get('location') ?? '');
  expect(authorize.origin + authorize.pathname).toBe(`${oidc.issuer}/auth`);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const answer = await fetch(authorize, { redirect: 'manual' });
  const back = new URL(answer.headers.get('location') ?? '');
  const jar = [cookie, ...pairs(start.setCookies)].filter(Boolean).join('; ');
  return authGet(`${back.pathname}${back.search}`, jar);
}

const person = (sub: string, email: string, extra: Record<string, unknown> = {}) => (c: JWTPayload) => ({ ...c, sub, email, email_verified: true, name: 'Olive Idp', ...extra });

async function claimsOf(res: AuthJsResponse) {
  return res.sessionCookie ? decodeSessionToken(res.sessionCookie, getEnv().authSecrets, SESSION_COOKIE) : null;
}
const location = (res: AuthJsResponse) => new URL(res.headers.get('location') ?? '', 'http://x').pathname + new URL(res.headers.get('location') ?? '', 'http://x').search;

describe('OIDC sign-in through Auth.js (security case 80)', () => {
  it('a new verified user gets an account (verified) and a session; the same identity returns to it', async () => {
    const res = await throughProvider(person('sub-new', 'new.idp@example.test'));
    expect(res.status).toBe(302);
    expect(location(res)).toBe('/dashboard');
    const claims = await claimsOf(res);
    const db = await getDb();
    const [row] = await db.select({ id: users.id, verified: users.emailVerifiedAt }).from(users).where(eq(users.email, 'new.idp@example.test'));
    expect(row?.verified).not.toBeNull();
    expect(claims).toMatchObject({ id: row!.id, emailVerified: true, amr: ['oidc'] });
    const again = await throughProvider(person('sub-new', 'changed@example.test'));
    expect((await claimsOf(again))?.id).toBe(row!.id);
  });

  it('an existing unverified password account is refused with the message; nothing is linked and no session starts', async () => {
    const squatter = await createTestUser({ email: 'victim.idp@example.test' });
    const res = await throughProvider(person('sub-victim', squatter.email));
    expect(location(res)).toBe('/login?error=ProviderSignIn&code=link_required&provider=oidc');
    expect(res.sessionCookie ?? '').toBe('');
    const db = await getDb();
    expect(await db.select().from(providerAccounts).where(eq(providerAccounts.userId, squatter.id))).toEqual([]);
  });

  it('email_verified false (or missing) creates nothing', async () => {
    for (const verified of [false, 'true', undefined]) {
      const res = await throughProvider(person(`sub-unverified-${String(verified)}`, `unverified-${String(verified)}@example.test`, { email_verified: verified }));
      expect(location(res)).toBe('/login?error=ProviderSignIn&code=provider_unverified&provider=oidc');
      expect(res.sessionCookie ?? '').toBe('');
    }
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, 'unverified-false@example.test'))).toEqual([]);
  });

  it('a banned user gets no session through the provider', async () => {
    const first = await throughProvider(person('sub-banned', 'banned.idp@example.test'));
    const id = (await claimsOf(first))!.id as string;
    const db = await getDb();
    await db.update(users).set({ bannedAt: new Date() }).where(eq(users.id, id));
    const res = await throughProvider(person('sub-banned', 'banned.idp@example.test'));
    expect(location(res)).toBe('/login?error=ProviderSignIn&code=account_disabled&provider=oidc');
    expect(res.sessionCookie ?? '').toBe('');
  });
});

describe('ID token checks by Auth.js/oauth4webapi (security case 81)', () => {
  const refused = async (shape: (c: JWTPayload) => JWTPayload, email: string) => {
    const res = await throughProvider(shape);
    expect(res.status).toBe(302);
    expect(location(res).startsWith('/login?error=')).toBe(true);
    expect(res.sessionCookie ?? '').toBe('');
    const db = await getDb();
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
  };
  it('another issuer', () => refused((c) => ({ ...person('s1', 'iss@example.test')(c), iss: 'https://evil.example/oidc' }), 'iss@example.test'));
  it('another audience', () => refused((c) => ({ ...person('s2', 'aud@example.test')(c), aud: 'someone-else' }), 'aud@example.test'));
  it('expired', () => refused((c) => ({ ...person('s3', 'exp@example.test')(c), iat: 1_000, exp: 2_000 }), 'exp@example.test'));
  it('a wrong nonce', () => refused((c) => ({ ...person('s4', 'nonce@example.test')(c), nonce: 'not-the-one' }), 'nonce@example.test'));
  it('no nonce', () => refused((c) => ({ ...person('s5', 'nononce@example.test')(c), nonce: undefined }), 'nononce@example.test'));
});

describe("the provider's MFA (amr) is recorded in the token", () => {
  it("amr ['mfa'] → ['oidc','mfa']; ['pwd'] → ['oidc']", async () => {
    expect((await claimsOf(await throughProvider(person('sub-mfa', 'mfa.idp@example.test', { amr: ['pwd', 'mfa'] }))))?.amr).toEqual(['oidc', 'mfa']);
    expect((await claimsOf(await throughProvider(person('sub-hwk', 'hwk.idp@example.test', { amr: ['hwk'] }))))?.amr).toEqual(['oidc', 'mfa']);
    expect((await claimsOf(await throughProvider(person('sub-pwd', 'pwd.idp@example.test', { amr: ['pwd'] }))))?.amr).toEqual(['oidc']);
  });
});

describe('connecting from the Security page (security case 80)', () => {
  async function intentFor(cookie: string): Promise<string> {
    enterRequest({ cookie, surface: 'action', headers: { host: 'localhost:3000' } });
    const session = (await getSession()) as AppSession;
    await startConnectingProvider(session, 'oidc', TEST_PASSWORD);
    const [name, value] = [...currentRequest().written].find(([n]) => n.includes('connect-intent'))!;
    return `${name}=${value}`;
  }

  it('links the identity to THIS account (even with the squatted address), keeps the session, and then signs in to it', async () => {
    const me = await createTestUser();
    const cookie = await sessionCookie(me);
    const res = await throughProvider(person('sub-connect', 'someone.else@example.test'), `${cookie}; ${await intentFor(cookie)}`);
    expect(location(res)).toBe('/profile/security?connect=connected&provider=oidc');
    expect(res.sessionCookie).toBeUndefined();
    const back = await throughProvider(person('sub-connect', 'someone.else@example.test'));
    expect((await claimsOf(back))?.id).toBe(me.id);
  });

  it('an identity linked to another account is refused', async () => {
    const me = await createTestUser();
    const cookie = await sessionCookie(me);
    const res = await throughProvider(person('sub-new', 'new.idp@example.test'), `${cookie}; ${await intentFor(cookie)}`);
    expect(location(res)).toBe('/profile/security?connect=elsewhere&provider=oidc');
    const db = await getDb();
    expect(await db.select().from(providerAccounts).where(eq(providerAccounts.userId, me.id))).toEqual([]);
  });

  it('an intent without its session (copied to another browser) links nothing and signs nobody in', async () => {
    const me = await createTestUser();
    const intent = await intentFor(await sessionCookie(me));
    const res = await throughProvider(person('sub-stolen-intent', 'stolen@example.test'), intent);
    expect(location(res)).toBe('/profile/security?connect=expired&provider=oidc');
    expect(res.sessionCookie).toBeUndefined();
    const db = await getDb();
    expect(await db.select().from(providerAccounts).where(eq(providerAccounts.providerAccountId, 'sub-stolen-intent'))).toEqual([]);
  });

  it('a wrong password sets no intent', async () => {
    const me = await createTestUser();
    enterRequest({ cookie: await sessionCookie(me), surface: 'action' });
    const session = (await getSession()) as AppSession;
    await expect(startConnectingProvider(session, 'oidc', 'wrong-password')).rejects.toMatchObject({ status: 422 });
    expect([...currentRequest().written.keys()].some((n) => n.includes('connect-intent'))).toBe(false);
  });
});

describe('the Security page actions', () => {
  const form = (fields: Record<string, string>) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fd;
  };
  const idle = { status: 'idle' } as const;

  it('connect: a wrong password is refused; the right one sends the browser to the provider with the intent set', async () => {
    const me = await createTestUser();
    const cookie = await sessionCookie(me);
    enterRequest({ cookie, surface: 'action', headers: { host: 'localhost:3000' } });
    const wrong = await connectProviderAction(idle, form({ provider: 'oidc', password: 'not-my-password' }));
    expect(wrong).toMatchObject({ status: 'error', fieldErrors: { password: ['The password is not correct'] } });
    expect(JSON.stringify(wrong)).not.toContain('not-my-password');
    enterRequest({ cookie, surface: 'action', headers: { host: 'localhost:3000' } });
    const target = await redirectTarget(() => connectProviderAction(idle, form({ provider: 'oidc', password: TEST_PASSWORD })));
    expect(target?.startsWith(`${oidc.issuer}/auth?`)).toBe(true);
    expect([...currentRequest().written.keys()].some((n) => n.includes('connect-intent'))).toBe(true);
  });

  it('disconnect: refused for the last way to sign in, done when a password remains', async () => {
    const providerOnly = await throughProvider(person('sub-only', 'only.idp@example.test'));
    enterRequest({ cookie: `${SESSION_COOKIE}=${providerOnly.sessionCookie}`, surface: 'action' });
    const refused = await disconnectProviderAction(idle, form({ provider: 'oidc' }));
    expect(refused).toMatchObject({ status: 'error' });
    expect(refused.message).toContain('only way to sign in');

    const me = await createTestUser();
    const cookie = await sessionCookie(me);
    const intent = await (async () => {
      enterRequest({ cookie, surface: 'action', headers: { host: 'localhost:3000' } });
      await startConnectingProvider((await getSession()) as AppSession, 'oidc', TEST_PASSWORD);
      const [name, value] = [...currentRequest().written].find(([n]) => n.includes('connect-intent'))!;
      return `${name}=${value}`;
    })();
    await throughProvider(person('sub-disconnect', 'disc@example.test'), `${cookie}; ${intent}`);
    enterRequest({ cookie, surface: 'action' });
    expect(await disconnectProviderAction(idle, form({ provider: 'oidc' }))).toMatchObject({ status: 'success' });
    const db = await getDb();
    expect(await db.select().from(providerAccounts).where(eq(providerAccounts.userId, me.id))).toEqual([]);
  });
});
