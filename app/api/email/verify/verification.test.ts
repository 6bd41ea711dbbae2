/**
 * Email verification (issue 16): sign-up mails a link; following it (a POST) marks the address
 * verified with a version bump, so an existing cookie gets the new `emailVerified` claim by the
 * freshness rules (one database read, re-issued), like a role change. Resend is throttled.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accountTokens, users } from '@/db/schema';
import { POST as register } from '@/app/api/register/route';
import { GET as adminUsers } from '@/app/api/admin/users/route';
import { POST as resend } from '@/app/api/user/email-verification/route';
import { verifyEmailAction } from '@/app/(auth)/account-actions';
import { getSession } from '@/lib/auth';
import { RESEND_LIMIT } from '@/lib/account-recovery/email-verification';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv, resetEnvCache } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { signInThroughAuthJs } from '@/tests/helpers/authjs';
import { failingKv } from '@/tests/helpers/db';
import { counted, redirectTarget } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo, tokenOf } from '@/tests/helpers/mailbox';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from '@/tests/security/support';
import { POST as verify } from './route';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvCache();
});

let n = 0;
async function signUp() {
  const account = { name: 'New Person', email: `new-${Date.now()}-${++n}@example.test`, password: 'new-person-password' };
  expect((await callRoute(register, { method: 'POST', body: account })).status).toBe(201);
  const cookie = (await signInThroughAuthJs(account.email, account.password))!;
  return { ...account, cookie };
}

const claimOf = async (cookie: string) =>
  (await decodeSessionToken(cookie.slice(SESSION_COOKIE.length + 1), getEnv().authSecrets, SESSION_COOKIE))!.emailVerified;

describe('sign-up → link → verified, in the token by the freshness rules', () => {
  it('the new account is unverified, the link verifies it once, and the existing cookie is re-issued with the claim', async () => {
    const account = await signUp();
    expect(await claimOf(account.cookie)).toBe(false);
    enterRequest({ cookie: account.cookie, surface: 'route' });
    expect((await getSession())?.user.emailVerified).toBe(false);

    const token = tokenOf(latestLink(account.email, '/verify-email'));
    const res = await callRoute(verify, { method: 'POST', body: { token } });
    expect(res.status).toBe(200);
    const [row] = await (await getDb()).select({ at: users.emailVerifiedAt }).from(users).where(eq(users.email, account.email));
    expect(row!.at).toBeInstanceOf(Date);

    enterRequest({ cookie: account.cookie, surface: 'route' });
    const stale = await counted(() => getSession());
    expect(stale.result?.user.emailVerified).toBe(true);
    expect(stale.counts.dbQueries).toBe(1);
    const reissued = currentRequest().written.get(SESSION_COOKIE)!;
    expect(await claimOf(`${SESSION_COOKIE}=${reissued}`)).toBe(true);
    enterRequest({ cookie: `${SESSION_COOKIE}=${reissued}`, surface: 'route' });
    const steady = await counted(() => getSession());
    expect(steady.result?.user.emailVerified).toBe(true);
    expect(steady.counts.dbQueries).toBe(0);

    await expectDbUnchanged(async () => {
      const replay = await callRoute(verify, { method: 'POST', body: { token } });
      expect(replay.status).toBe(400);
      expect((replay.json as { error: string }).error).toMatch(/already been used/);
    });
  });

  it('the page form posts the token and lands on the confirmation (no JavaScript needed)', async () => {
    const account = await signUp();
    const token = tokenOf(latestLink(account.email, '/verify-email'));
    const fd = new FormData();
    fd.set('token', token);
    enterRequest({ surface: 'action' });
    expect(await redirectTarget(() => verifyEmailAction({ status: 'idle' }, fd))).toBe('/verify-email?verified=1');
  });

  it('admins see the status in the user list', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const account = await signUp();
    const list = async () =>
      ((await callRoute(adminUsers, { cookie: await sessionCookie(admin), path: `/api/admin/users?q=${encodeURIComponent(account.email)}` })).json as {
        users: { emailVerifiedAt: string | null }[];
      }).users[0]!;
    expect((await list()).emailVerifiedAt).toBeNull();
    await callRoute(verify, { method: 'POST', body: { token: tokenOf(latestLink(account.email, '/verify-email')) } });
    expect((await list()).emailVerifiedAt).toEqual(expect.any(String));
  });

  it('a sign-up whose mail cannot be sent still creates the account, and leaves no token', async () => {
    const notADirectory = path.join(tmpdir(), `edge-sessions-not-a-dir-${crypto.randomUUID()}`);
    writeFileSync(notADirectory, '');
    vi.stubEnv('MAIL_DIR', path.join(notADirectory, 'mail'));
    resetEnvCache();
    const email = `no-mail-${Date.now()}@example.test`;
    expect((await callRoute(register, { method: 'POST', body: { name: 'No Mail', email, password: 'no-mail-password' } })).status).toBe(201);
    const [row] = await (await getDb()).select({ id: users.id }).from(users).where(eq(users.email, email));
    expect(await (await getDb()).select().from(accountTokens).where(eq(accountTokens.userId, row!.id))).toHaveLength(0);
  });
});

describe('POST /api/user/email-verification (Resend)', () => {
  it(`sends a new link, ${RESEND_LIMIT} per window, then 429 with Retry-After; 409 once verified`, async () => {
    const account = await signUp();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 900_000) * 900_000 + 1_000);
    for (let i = 0; i < RESEND_LIMIT; i++) expect((await callRoute(resend, { method: 'POST', cookie: account.cookie })).status).toBe(202);
    expect(mailTo(account.email)).toHaveLength(1 + RESEND_LIMIT);
    await expectDbUnchanged(async () => {
      const limited = await callRoute(resend, { method: 'POST', cookie: account.cookie });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    });
    vi.useRealTimers();
    await callRoute(verify, { method: 'POST', body: { token: tokenOf(latestLink(account.email, '/verify-email')) } });
    const done = await callRoute(resend, { method: 'POST', cookie: account.cookie });
    expect(done.status).toBe(409);
    expect(done.json).toEqual({ error: 'Your email address is already verified' });
  });

  it('KV down → 503 (not 500), nothing sent; no session → 401', async () => {
    const account = await signUp();
    await callRoute(resend, { method: 'POST', cookie: account.cookie }); // fills the freshness marker
    const before = mailTo(account.email).length;
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      expect((await callRoute(resend, { method: 'POST', cookie: account.cookie })).status).toBe(503);
    });
    expect(mailTo(account.email)).toHaveLength(before);
    setKvForTests(instrument(createMemoryKv()));
    expect((await callRoute(resend, { method: 'POST' })).status).toBe(401);
  });
});
