/**
 * Cases 62, 64 and 65 (issue 16), with the real handlers, PGlite and the development mailbox:
 * a reset request says the same for every address; a link used twice, expired, tampered, or for a
 * banned or deleted user is refused with a clear message and changes nothing; bad passwords, a
 * mail transport that is down, KV down and throttled requests each answer clearly, nothing changed;
 * and no request header decides the origin of an emailed link.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accountTokens, users } from '@/db/schema';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { POST as reset } from '@/app/api/password/reset/route';
import { GET as getMe } from '@/app/api/user/route';
import { RESET_ADDRESS_LIMIT } from '@/lib/account-recovery/password-reset';
import { changeAuthorization, verifyCredentials } from '@/lib/auth';
import { resetEnvCache } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { MAIL_UNAVAILABLE } from '@/lib/mail/transport';
import { failingKv } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { latestLink, mailTo, tokenOf } from '@/tests/helpers/mailbox';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { expectDbUnchanged, expectNoSecrets } from './support';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';

setUpFreshBackendsAndKvPerTest();
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  resetEnvCache();
});

const ask = (email: string, headers: Record<string, string> = {}) => callRoute(forgot, { method: 'POST', body: { email }, headers });
const setPassword = (token: string, password: string) => callRoute(reset, { method: 'POST', body: { token, password } });

/** A user with a live session and a reset link in the mailbox. */
async function withLink() {
  const user = await createTestUser();
  const cookie = await sessionCookie(user);
  expect((await ask(user.email)).status).toBe(202);
  return { user, cookie, token: tokenOf(latestLink(user.email, '/reset-password')) };
}

/** The link is refused with `message`, and nothing changed: the old password and session still work. */
async function expectRefused(token: string, user: { email: string }, cookie: string, message: RegExp) {
  await expectDbUnchanged(async () => {
    const res = await setPassword(token, 'a-new-password-1');
    expect(res.status).toBe(400);
    expect((res.json as { error: string }).error).toMatch(message);
    expect(res.cookiesWritten.size).toBe(0);
    expectNoSecrets(res.text, [token]);
  });
  expect((await callRoute(getMe, { cookie })).status).toBe(200);
  expect((await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, '127.0.0.1')).ok).toBe(true);
}

describe('case 64: the same answer for every address', () => {
  it('known, unknown and banned addresses: same status, same body; only the usable account gets a link', async () => {
    const known = await createTestUser();
    const banned = await createTestUser();
    await changeAuthorization(banned.id, { banned: true });
    const answers = [await ask(known.email), await ask('nobody-at-all@example.test'), await ask(banned.email)];
    for (const res of answers) {
      expect(res.status).toBe(202);
      expect(res.text).toBe(answers[0]!.text);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(mailTo(known.email)).toHaveLength(1);
    expect(mailTo('nobody-at-all@example.test')).toHaveLength(0);
    expect(mailTo(banned.email)).toHaveLength(0);
    const rows = await (await getDb()).select().from(accountTokens).where(eq(accountTokens.userId, banned.id));
    expect(rows).toHaveLength(0);
  });
});

describe('case 65: links that cannot be used', () => {
  it('used twice → "already been used"', async () => {
    const { user, token } = await withLink();
    expect((await setPassword(token, 'first-new-password')).status).toBe(200);
    const cookie = await sessionCookie({ ...user, authzVersion: (await (await getDb()).select().from(users).where(eq(users.id, user.id)))[0]!.authzVersion });
    await expectDbUnchanged(async () => {
      const res = await setPassword(token, 'second-new-password');
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'This link has already been used. Ask for a new one if you still need it.' });
    });
    expect((await callRoute(getMe, { cookie })).status).toBe(200);
    expect((await verifyCredentials({ email: user.email, password: 'first-new-password' }, '127.0.0.1')).ok).toBe(true);
  });

  it('expired (30 minutes) → "has expired"', async () => {
    const { user, cookie, token } = await withLink();
    await (await getDb()).update(accountTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(accountTokens.userId, user.id));
    await expectRefused(token, user, cookie, /has expired/);
  });

  it('tampered (one character changed, cut short, or not a token at all) → "not valid"', async () => {
    const { user, cookie, token } = await withLink();
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    for (const bad of [flipped, token.slice(0, 42), `${token}A`, '../../etc/passwd', '']) {
      await expectRefused(bad, user, cookie, /not valid/);
    }
  });

  it('a banned user\'s link → refused', async () => {
    const { user, cookie, token } = await withLink();
    await changeAuthorization(user.id, { banned: true });
    await expectDbUnchanged(async () => {
      const res = await setPassword(token, 'a-new-password-1');
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: 'This account cannot use this link.' });
    });
    await changeAuthorization(user.id, { banned: false });
    await expectRefused(token.replace(/.$/, (c) => (c === 'x' ? 'y' : 'x')), user, cookie, /not valid/);
  });

  it('a deleted user\'s link → "not valid", and nothing is created', async () => {
    const { user, token } = await withLink();
    await changeAuthorization(user.id, { deleteUser: true });
    await expectDbUnchanged(async () => {
      const res = await setPassword(token, 'a-new-password-1');
      expect(res.status).toBe(400);
      expect((res.json as { error: string }).error).toMatch(/not valid/);
    });
  });

  it('a password the policy refuses → 422 with the field error; the link still works afterwards', async () => {
    const { cookie, token } = await withLink();
    await expectDbUnchanged(async () => {
      for (const password of ['short', 'x'.repeat(257), 'has\u0000nul-inside']) {
        const res = await setPassword(token, password);
        expect(res.status).toBe(422);
        expect((res.json as { issues: Record<string, string[]> }).issues.password).toHaveLength(1);
      }
      expect((await callRoute(reset, { method: 'POST', body: { token, password: 'long-enough-1', role: 'admin' } })).status).toBe(422);
    });
    expect((await callRoute(getMe, { cookie })).status).toBe(200);
    expect((await setPassword(token, 'long-enough-1')).status).toBe(200);
  });
});

describe('mail down, KV down, throttled', () => {
  it('mail transport down → 503 with a clear message for known and unknown addresses; no usable token is left', async () => {
    const user = await createTestUser();
    const notADirectory = path.join(tmpdir(), `edge-sessions-not-a-dir-${crypto.randomUUID()}`);
    writeFileSync(notADirectory, '');
    vi.stubEnv('MAIL_DIR', path.join(notADirectory, 'mail'));
    resetEnvCache();
    await expectDbUnchanged(async () => {
      for (const email of [user.email, 'nobody-either@example.test']) {
        const res = await ask(email);
        expect(res.status).toBe(503);
        expect(res.json).toEqual({ error: MAIL_UNAVAILABLE });
        expect(res.headers.get('retry-after')).toBeTruthy();
      }
    });
  });

  it('KV down → 503 for the request (nothing counted, nothing sent) and for the reset (nothing changed, the link still works)', async () => {
    const { user, cookie, token } = await withLink();
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      expect((await ask(user.email)).status).toBe(503);
      const res = await setPassword(token, 'a-new-password-1');
      expect(res.status).toBe(503);
      expect(res.cookiesWritten.size).toBe(0);
    });
    expect(mailTo(user.email)).toHaveLength(1);
    setKvForTests(instrument(createMemoryKv()));
    expect((await callRoute(getMe, { cookie })).status).toBe(200);
    expect((await setPassword(token, 'a-new-password-1')).status).toBe(200);
  });

  it(`more than ${RESET_ADDRESS_LIMIT} requests for one address in the window → 429 with Retry-After; nothing created or sent`, async () => {
    const user = await createTestUser();
    // At the start of the next fixed window, so the count cannot reset mid-test.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Math.ceil(Date.now() / 900_000) * 900_000 + 1_000);
    for (let i = 0; i < RESET_ADDRESS_LIMIT; i++) expect((await ask(user.email)).status).toBe(202);
    await expectDbUnchanged(async () => {
      const res = await ask(user.email.toUpperCase());
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await ask('nobody-else@example.test')).status).toBe(202);
    });
    expect(mailTo(user.email)).toHaveLength(RESET_ADDRESS_LIMIT);
  });
});
