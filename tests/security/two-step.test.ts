/**
 * Issue 22, point 2 (sign-in with a second factor) and 5 (a reset never bypasses it), through the
 * one sign-in path: Auth.js's credentials callback → `verifyCredentials`. API clients send `code`
 * beside the password; browsers get a pending second step (`auth_challenges` row + encrypted
 * cookie, bound to the browser) and finish with `pending=1&code=…`. TOTP replay, brute force into
 * the throttle, recovery codes once, pending state reused / foreign / another user's, the account
 * changed meanwhile, a reset link on a TOTP account, and a factor removed on one device reaching
 * the other. The clock is pinned (fake `Date`) 10 s into a time step.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, authChallenges, users } from '@/db/schema';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { POST as reset } from '@/app/api/password/reset/route';
import { GET as getMe } from '@/app/api/user/route';
import { DELETE as disableRoute } from '@/app/api/user/totp/route';
import { ACCOUNT_ATTEMPT_LIMIT, getSession, SIGN_IN_WINDOW_SECONDS, TWO_STEP_COOKIE, sealPendingState, verifyCredentials } from '@/lib/auth';
import { SHARED_CLIENT } from '@/lib/client-address';
import { decodeSessionToken } from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';
import { authPost, type AuthJsResponse } from '@/tests/helpers/authjs';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo, tokenOf } from '@/tests/helpers/mailbox';
import { finishResponse, runInRequest } from '@/tests/helpers/request-context';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { sessionCookie } from '@/tests/helpers/tokens';
import { enableTotp, totpCode } from '@/tests/helpers/totp';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

setUpFreshBackendsAndKvPerTest();
const AT = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(AT);
});
afterAll(() => vi.useRealTimers());

const CALLBACK = '/api/auth/callback/credentials';
/** The ceremony binding's cookie over http (lib/auth/ceremony-binding.ts). */
const CEREMONY_COOKIE = 'edge-sessions.ceremony';

/** A user with the authenticator app on (set up through the API). */
async function totpUser() {
  const user = await createTestUser();
  const enabled = await enableTotp(await sessionCookie(user));
  return { user, ...enabled };
}

const refusedCode = (res: AuthJsResponse) => new URL(res.headers.get('location') ?? 'http://x/', 'http://localhost:3000').searchParams.get('code');
const sessionOf = (res: AuthJsResponse) => (res.sessionCookie ? `${res.sessionCookieName}=${res.sessionCookie}` : null);
const claimsOf = async (res: AuthJsResponse) => decodeSessionToken(res.sessionCookie!, getEnv().authSecrets, res.sessionCookieName!);
/** The cookies the app wrote in a response, as a Cookie header (the pending state and its binding). */
const cookiesFrom = (res: AuthJsResponse, extra = '') =>
  [...[...res.cookiesWritten].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`), ...(extra ? [extra] : [])].join('; ');
/** An RFC 2047 encoded-word subject (the em dash is not ASCII) in clear. */
const decodeHeader = (value: string) =>
  value.replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === 'b'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
const pendingRows = async (userId: string) => (await getDb()).select().from(authChallenges).where(eq(authChallenges.userId, userId));

/** The browser's password step: no session, the pending state's cookies. */
async function passwordStep(email: string, password = TEST_PASSWORD) {
  const res = await authPost(CALLBACK, '', { email, password, twoStep: '1' });
  expect(res.sessionCookie).toBeUndefined();
  expect(refusedCode(res)).toBe('second-factor-required');
  return { res, cookie: cookiesFrom(res) };
}
const codeStep = (cookie: string, code: string) => authPost(CALLBACK, cookie, { pending: '1', code });

describe('API clients: code beside email and password', () => {
  it('no code → second-factor-required, a wrong one → second-factor-invalid, no session cookie either way', async () => {
    const { user, secret } = await totpUser();
    const right = await totpCode(secret);
    const none = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD });
    expect(none.sessionCookie).toBeUndefined();
    expect(refusedCode(none)).toBe('second-factor-required');
    const wrong = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: right === '000000' ? '111111' : '000000' });
    expect(wrong.sessionCookie).toBeUndefined();
    expect(refusedCode(wrong)).toBe('second-factor-invalid');
    // A wrong password with a code is just a wrong password.
    const badPassword = await authPost(CALLBACK, '', { email: user.email, password: 'not-the-password', code: '123456' });
    expect(badPassword.sessionCookie).toBeUndefined();
    expect(refusedCode(badPassword)).not.toMatch(/second-factor/);
  });

  it('the right code → a session with amr pwd+otp+mfa; the same code again (a replay inside its window) → refused', async () => {
    const { user, secret } = await totpUser();
    const code = await totpCode(secret);
    const ok = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code });
    expect(ok.sessionCookie).toBeTruthy();
    expect(await claimsOf(ok)).toMatchObject({ id: user.id, amr: ['pwd', 'otp', 'mfa'] });
    expect((await callRoute(getMe, { cookie: sessionOf(ok)! })).status).toBe(200);
    const replay = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code });
    expect(replay.sessionCookie).toBeUndefined();
    expect(refusedCode(replay)).toBe('second-factor-invalid');
    // An older step than the one used is refused too (the stored step only grows).
    const older = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: await totpCode(secret, -1) });
    expect(older.sessionCookie).toBeUndefined();
    // The next step's code works.
    expect((await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: await totpCode(secret, 1) })).sessionCookie).toBeTruthy();
  });

  it('brute force: wrong codes hit the throttle (429 rate_limited); the right code is then refused too until the window passes', async () => {
    const { user, secret } = await totpUser();
    const right = await totpCode(secret);
    const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
    let limited: AuthJsResponse | undefined;
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT + 1 && !limited; i++) {
      const res = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: wrong(i) });
      expect(res.sessionCookie).toBeUndefined();
      if (res.status === 429) limited = res;
      else expect(refusedCode(res)).toBe('second-factor-invalid');
    }
    expect(limited?.status).toBe(429);
    const blocked = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: right });
    expect(blocked.status).toBe(429);
    expect(blocked.sessionCookie).toBeUndefined();
    // The browser's second step is in the same budget.
    vi.setSystemTime(AT + SIGN_IN_WINDOW_SECONDS * 1000);
    try {
      const later = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: await totpCode(secret) });
      expect(later.sessionCookie).toBeTruthy();
    } finally {
      vi.setSystemTime(AT);
    }
  });

  it('a recovery code works once (amr pwd+rec+mfa, audited, mailed with the number left), never twice', async () => {
    const { user, recoveryCodes } = await totpUser();
    const code = recoveryCodes[3]!;
    const ok = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: code.toUpperCase() });
    expect(ok.sessionCookie).toBeTruthy();
    const claims = await claimsOf(ok);
    expect(claims).toMatchObject({ amr: ['pwd', 'rec', 'mfa'] });
    // The token carries the version after the code was spent: it is no stale session.
    const [row] = await (await getDb()).select({ v: users.authzVersion }).from(users).where(eq(users.id, user.id));
    expect(claims?.authzVersion).toBe(row!.v);
    expect((await callRoute(getMe, { cookie: sessionOf(ok)! })).status).toBe(200);
    const again = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code });
    expect(again.sessionCookie).toBeUndefined();
    expect(refusedCode(again)).toBe('second-factor-invalid');
    const actions = (await (await getDb()).select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, user.id))).map((r) => r.a);
    expect(actions.filter((a) => a === 'factor.recovery_code_used')).toHaveLength(1);
    // The mail goes after the response (Next's `after()`): a second code, checked in a request whose after-work is run.
    await runInRequest({ surface: 'route' }, async (ctx) => {
      expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD, code: recoveryCodes[7]! }, SHARED_CLIENT)).toMatchObject({ ok: true });
      await finishResponse(ctx);
    });
    expect(mailTo(user.email).map((m) => decodeHeader(m.subject))).toContain('A recovery code was used — 8 left');
  });
});

describe('browsers: the pending second step', () => {
  it('password → pending state (row + encrypted cookie, no session); the code → a session; the pending state reused → no session', async () => {
    const { user, secret } = await totpUser();
    const { cookie } = await passwordStep(user.email);
    expect(cookie).toContain(`${TWO_STEP_COOKIE}=`);
    expect(cookie).toContain(`${CEREMONY_COOKIE}=`);
    const rows = await pendingRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'second_factor', data: { authzVersion: expect.any(Number) } });
    // The cookie is encrypted: the row id is not readable in it.
    expect(decodeURIComponent(cookie)).not.toContain(rows[0]!.id);

    const ok = await codeStep(cookie, await totpCode(secret));
    expect(ok.sessionCookie).toBeTruthy();
    expect(await claimsOf(ok)).toMatchObject({ id: user.id, amr: ['pwd', 'otp', 'mfa'] });
    expect(await pendingRows(user.id)).toHaveLength(0);
    // Reused with a fresh, valid code: the row is gone.
    const reused = await codeStep(cookie, await totpCode(secret, 1));
    expect(reused.sessionCookie).toBeUndefined();
    expect(refusedCode(reused)).toBe('second-factor-expired');
  });

  it('a wrong code keeps the pending state (the page shows an error) and counts; the right one then works', async () => {
    const { user, secret } = await totpUser();
    const { cookie } = await passwordStep(user.email);
    const right = await totpCode(secret);
    const wrong = await codeStep(cookie, right === '000000' ? '111111' : '000000');
    expect(wrong.sessionCookie).toBeUndefined();
    expect(refusedCode(wrong)).toBe('second-factor-invalid');
    expect((await codeStep(cookie, right)).sessionCookie).toBeTruthy();
  });

  it('brute force on the second step → rate_limited, then the right code is refused too', async () => {
    const { user, secret } = await totpUser();
    const { cookie } = await passwordStep(user.email);
    const right = await totpCode(secret);
    let status = 0;
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT && status !== 429; i++) {
      const res = await codeStep(cookie, String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0'));
      expect(res.sessionCookie).toBeUndefined();
      status = res.status;
    }
    expect(status).toBe(429);
    const blocked = await codeStep(cookie, right);
    expect(blocked.status).toBe(429);
    expect(blocked.sessionCookie).toBeUndefined();
  });

  it('a foreign pending state (another browser: its own binding, or none) → no session, and the owner can still finish', async () => {
    const { user, secret } = await totpUser();
    const { res, cookie } = await passwordStep(user.email);
    const pendingPair = `${TWO_STEP_COOKIE}=${res.cookiesWritten.get(TWO_STEP_COOKIE)}`;
    // The attacker's browser has its own binding (its own password step for its own account).
    const other = await totpUser();
    const { res: otherRes } = await passwordStep(other.user.email);
    const foreign = await codeStep(`${pendingPair}; ${CEREMONY_COOKIE}=${otherRes.cookiesWritten.get(CEREMONY_COOKIE)}`, await totpCode(secret));
    expect(foreign.sessionCookie).toBeUndefined();
    expect((await codeStep(pendingPair, await totpCode(secret))).sessionCookie).toBeUndefined();
    expect((await codeStep(cookie, await totpCode(secret))).sessionCookie).toBeTruthy();
  });

  it("another user's pending state (a cookie naming a row of another user) → no session", async () => {
    const alice = await totpUser();
    const bob = await totpUser();
    const { cookie } = await passwordStep(alice.user.email);
    const [aliceRow] = await pendingRows(alice.user.id);
    // The same browser binding, a cookie that claims Bob for Alice's row: refused.
    const binding = cookie.split('; ').find((c) => c.startsWith(`${CEREMONY_COOKIE}=`))!;
    const forged = `${TWO_STEP_COOKIE}=${await sealPendingState(aliceRow!.id, bob.user.id)}; ${binding}`;
    const res = await codeStep(forged, await totpCode(bob.secret));
    expect(res.sessionCookie).toBeUndefined();
    // Not openable without the key: a made-up cookie is no pending state.
    expect((await codeStep(`${TWO_STEP_COOKIE}=not-a-jwe; ${binding}`, await totpCode(alice.secret))).sessionCookie).toBeUndefined();
    expect(await pendingRows(alice.user.id)).toHaveLength(1);
  });

  it('the account changed after the password step (banned) → no session', async () => {
    const { user, secret } = await totpUser();
    const { cookie } = await passwordStep(user.email);
    await (await getDb()).update(users).set({ bannedAt: new Date(), authzVersion: user.authzVersion + 100 }).where(eq(users.id, user.id));
    const res = await codeStep(cookie, await totpCode(secret));
    expect(res.sessionCookie).toBeUndefined();
  });

  it('an expired pending state → no session', async () => {
    const { user, secret } = await totpUser();
    const { cookie } = await passwordStep(user.email);
    // An hour in the past: this file's clock is frozen at AT (up to 20 s ahead of real time, see above),
    // while the database compares with its own now(); a second before AT could still be in its future.
    await (await getDb()).update(authChallenges).set({ expiresAt: new Date(Date.now() - 3_600_000) }).where(eq(authChallenges.userId, user.id));
    const res = await codeStep(cookie, await totpCode(secret));
    expect(res.sessionCookie).toBeUndefined();
    expect(refusedCode(res)).toBe('second-factor-expired');
  });

  it('a recovery code finishes the second step once', async () => {
    const { user, recoveryCodes } = await totpUser();
    const first = await passwordStep(user.email);
    const ok = await codeStep(first.cookie, recoveryCodes[0]!);
    expect(ok.sessionCookie).toBeTruthy();
    expect(await claimsOf(ok)).toMatchObject({ amr: ['pwd', 'rec', 'mfa'] });
    const second = await passwordStep(user.email);
    expect((await codeStep(second.cookie, recoveryCodes[0]!)).sessionCookie).toBeUndefined();
  });
});

describe('a password reset never bypasses the second factor', () => {
  it('a reset link on a TOTP account changes the password but sets no session cookie; the code then signs in', async () => {
    const { user, secret } = await totpUser();
    expect((await callRoute(forgot, { method: 'POST', body: { email: user.email } })).status).toBe(202);
    const token = tokenOf(latestLink(user.email, '/reset-password'));
    const res = await callRoute(reset, { method: 'POST', body: { token, password: 'brand-new-password-1' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ userId: user.id, secondFactorRequired: true });
    const sessionWritten = [...res.cookiesWritten.keys()].filter((k) => k.includes('session-token') || k.includes('authjs'));
    expect(sessionWritten.filter((k) => res.cookiesWritten.get(k))).toEqual([]);
    expect(res.cookiesWritten.get(TWO_STEP_COOKIE)).toBeTruthy();
    // The new password is in place (with the code).
    const pending = [...res.cookiesWritten].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join('; ');
    const finished = await codeStep(pending, await totpCode(secret));
    expect(finished.sessionCookie).toBeTruthy();
    expect((await authPost(CALLBACK, '', { email: user.email, password: 'brand-new-password-1', code: await totpCode(secret, 1) })).sessionCookie).toBeTruthy();
  });
});

describe('a factor removed on one device while another is signed in', () => {
  it("the other device's token loses mfa on its next request", async () => {
    const { user, secret, cookie: laptop } = await totpUser();
    const phoneSignIn = await authPost(CALLBACK, '', { email: user.email, password: TEST_PASSWORD, code: await totpCode(secret) });
    const phone = sessionOf(phoneSignIn)!;
    const before = await runInRequest({ cookie: phone, surface: 'route' }, () => getSession());
    expect(before?.multiFactor).toBe(true);
    expect((await callRoute(disableRoute, { method: 'DELETE', cookie: laptop })).status).toBe(204);
    const after = await runInRequest({ cookie: phone, surface: 'route' }, () => getSession());
    expect(after?.user.id).toBe(user.id);
    expect(after?.multiFactor).toBe(false);
    expect(after?.amr).not.toContain('otp');
  });
});
