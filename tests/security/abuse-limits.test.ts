/**
 * Cases 71 and 72 (issue 21, findings 4 and 6): the current-password check counts in the account's
 * sign-in budget, and sign-up is limited per base address, per client and site-wide, before any
 * hashing or mail. Real actions and routes, PGlite, the memory KV and the development mailbox; the
 * clock is pinned (fake `Date`) or injected (`at`), so no count resets mid-test.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { registerWithPassword } from '@/app/(auth)/actions';
import { changePasswordAction } from '@/app/(dashboard)/profile/security/actions';
import { POST as register } from '@/app/api/register/route';
import { REGISTER_ADDRESS_LIMIT, REGISTER_CLIENT_LIMIT, REGISTER_GLOBAL_LIMIT, REGISTER_WINDOW_SECONDS, TOO_MANY_SIGN_UPS } from '@/lib/accounts';
import { ACCOUNT_ATTEMPT_LIMIT, DEVICE_COOKIE, mintDeviceToken, verifyCredentials, verifyCurrentPassword, WRONG_CURRENT_PASSWORD } from '@/lib/auth';
import { SHARED_CLIENT } from '@/lib/client-address';
import { resetEnvCache } from '@/lib/core/env';
import { getKv, setKvForTests } from '@/lib/kv';
import { failingKv } from '@/tests/helpers/db';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';
import { callRoute } from '@/tests/helpers/http';
import { mailTo } from '@/tests/helpers/mailbox';
import { enterRequest } from '@/tests/helpers/request-context';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

setUpFreshBackendsAndKvPerTest();
// Ten seconds into a one-hour window (and so into a 15-minute one).
const AT = Date.UTC(2026, 10, 27, 0, 0, 10);
beforeAll(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(AT);
});
afterAll(() => vi.useRealTimers());
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const idle = { status: 'idle' } as const;
const passwordHashOf = async (id: string) => (await (await getDb()).select({ h: users.passwordHash }).from(users).where(eq(users.id, id)))[0]!.h;

describe('case 71: the current-password check is in the sign-in budget', () => {
  it('five wrong current passwords, then the right one → refused with the rate-limit form error; the password is unchanged', async () => {
    const user = await createTestUser({ password: 'old-password-1' });
    const cookie = await sessionCookie(user);
    const hashBefore = await passwordHashOf(user.id);
    const change = (current: string) => {
      enterRequest({ cookie, surface: 'action' });
      return changePasswordAction(idle, form({ currentPassword: current, newPassword: 'new-password-1', confirmPassword: 'new-password-1' }));
    };
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) {
      expect(await change(`wrong-${i}-password`)).toMatchObject({ status: 'error', fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } });
    }
    const refused = await change('old-password-1');
    expect(refused).toMatchObject({ status: 'error', message: SIGN_IN_FAILURES.rate_limited.form });
    expect(await passwordHashOf(user.id)).toBe(hashBefore);
    // One budget: the sign-in form is locked for unknown clients too.
    expect(await verifyCredentials({ email: user.email, password: 'old-password-1' }, SHARED_CLIENT)).toMatchObject({ code: 'rate_limited' });
  });

  it('failed sign-ins count against the check (429), a success clears it, and a known device keeps its own budget', async () => {
    const user = await createTestUser();
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT - 1; i++) await verifyCredentials({ email: user.email, password: `wrong-${i}` }, SHARED_CLIENT, { at: AT });
    enterRequest({ surface: 'action' });
    await expect(verifyCurrentPassword(user.id, TEST_PASSWORD, AT)).resolves.toMatch(/^scrypt\$/);
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) {
      await expect(verifyCurrentPassword(user.id, `wrong-${i}`, AT)).rejects.toMatchObject({ status: 422 });
    }
    await expect(verifyCurrentPassword(user.id, TEST_PASSWORD, AT)).rejects.toMatchObject({ status: 429, headers: { 'Retry-After': expect.any(String) } });
    enterRequest({ surface: 'action', cookie: `${DEVICE_COOKIE}=${await mintDeviceToken(user.email, AT)}` });
    await expect(verifyCurrentPassword(user.id, TEST_PASSWORD, AT)).resolves.toMatch(/^scrypt\$/);
  });

  it('KV down → the check fails closed (503), whatever the password', async () => {
    const user = await createTestUser();
    setKvForTests(failingKv());
    enterRequest({ surface: 'action' });
    await expect(verifyCurrentPassword(user.id, TEST_PASSWORD, AT)).rejects.toMatchObject({ status: 503 });
  });
});

describe('case 72: sign-up limits', () => {
  const signUp = (email: string, headers: Record<string, string> = {}) =>
    callRoute(register, { method: 'POST', body: { name: 'Sign Up', email, password: 'a-long-password' }, headers });

  it(`30 sign-ups of victim+N@… → at most ${REGISTER_ADDRESS_LIMIT} accounts and mails, the rest 429 with Retry-After`, async () => {
    const domain = `victim-${crypto.randomUUID().slice(0, 8)}.example`;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await signUp(`Victim+${i}@${domain}`);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(REGISTER_ADDRESS_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(30 - REGISTER_ADDRESS_LIMIT);
    expect(mailTo(`@${domain}`).length).toBeLessThanOrEqual(REGISTER_ADDRESS_LIMIT);
    const rows = await (await getDb()).select({ email: users.email }).from(users);
    expect(rows.filter((r) => r.email.endsWith(`@${domain}`))).toHaveLength(REGISTER_ADDRESS_LIMIT);
    // The form says so too, and another mailbox is not affected.
    enterRequest({ surface: 'action', headers: { host: 'localhost:3000' } });
    const refused = await registerWithPassword(idle, form({ name: 'Sign Up', email: `victim+form@${domain}`, password: 'a-long-password' }));
    expect(refused).toMatchObject({ status: 'error', message: TOO_MANY_SIGN_UPS });
    expect((await signUp(`someone-else@${domain}`)).status).toBe(201);
  });

  it(`with a trusted client address, one client gets ${REGISTER_CLIENT_LIMIT} sign-ups per window; another client is not affected`, { timeout: 120_000 }, async () => {
    vi.stubEnv('TRUSTED_CLIENT_IP_HEADER', 'x-client-ip');
    resetEnvCache();
    const from = (ip: string) => ({ 'x-client-ip': ip });
    for (let i = 0; i < REGISTER_CLIENT_LIMIT; i++) expect((await signUp(`c${i}-${crypto.randomUUID()}@example.test`, from('203.0.113.7'))).status).toBe(201);
    expect((await signUp(`c-over-${crypto.randomUUID()}@example.test`, from('203.0.113.7'))).status).toBe(429);
    expect((await signUp(`c-other-${crypto.randomUUID()}@example.test`, from('203.0.113.8'))).status).toBe(201);
  });

  it(`site-wide: past ${REGISTER_GLOBAL_LIMIT} sign-ups in the window, the next is refused before anything is written`, async () => {
    // The earlier sign-ups of this window, arranged in the counter they were counted in.
    const index = Math.floor(AT / 1000 / REGISTER_WINDOW_SECONDS);
    await (await getKv()).set(`rl:register:all:${index}`, String(REGISTER_GLOBAL_LIMIT), { ttlSeconds: REGISTER_WINDOW_SECONDS });
    const email = `late-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const res = await signUp(email);
    expect(res.status).toBe(429);
    expect(await (await getDb()).$count(users, eq(users.email, email))).toBe(0);
    expect(mailTo(email)).toHaveLength(0);
  });
});
