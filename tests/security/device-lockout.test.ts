/**
 * Case 73 (issue 21, finding 7): failures from unknown devices never lock a known device (OWASP
 * device cookies) out of its own account, and no bucket shared by every client can refuse a
 * correct password. Real device tokens (the app's own signing), the real throttle on a memory KV,
 * and Auth.js's own route for the cookie a successful sign-in leaves. The clock is injected (`at`).
 */
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ATTEMPT_LIMIT, DEVICE_ATTEMPT_LIMIT, DEVICE_COOKIE, mintDeviceToken, SIGN_IN_WINDOW_SECONDS, verifyCredentials } from '@/lib/auth';
import { SHARED_CLIENT } from '@/lib/client-address';
import { authPost } from '@/tests/helpers/authjs';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

setUpFreshBackendsAndKvPerTest();

// Ten seconds into a window: no count can reset mid-test.
const AT = Date.UTC(2026, 10, 27, 0, 0, 10);
const attempt = (email: string, password: string, deviceToken?: string, address = SHARED_CLIENT) =>
  verifyCredentials({ email, password }, address, { deviceToken, at: AT });

async function lockOutUnknownClients(email: string) {
  for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) expect(await attempt(email, `wrong-${i}`)).toEqual({ ok: false, code: 'invalid' });
  expect(await attempt(email, TEST_PASSWORD)).toMatchObject({ ok: false, code: 'rate_limited' });
}

describe('case 73: known devices and the untrusted-client lockout', () => {
  it('one anonymous client failing with 101 random emails locks nobody out: the right password works from a known and an unknown device', { timeout: 240_000 }, async () => {
    const user = await createTestUser();
    const device = await mintDeviceToken(user.email, AT);
    for (let batch = 0; batch < 101; batch += 10) {
      const size = Math.min(10, 101 - batch);
      const results = await Promise.all(Array.from({ length: size }, (_, i) => attempt(`random-${batch + i}@example.test`, 'guess-1234')));
      expect(results.every((r) => !r.ok && r.code === 'invalid')).toBe(true);
    }
    expect(await attempt(user.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    expect(await attempt(user.email, TEST_PASSWORD, device)).toMatchObject({ ok: true });
  });

  it('five wrong guesses from unknown devices lock unknown clients out, never the known device with the right password', async () => {
    const user = await createTestUser();
    const device = await mintDeviceToken(user.email, AT);
    await lockOutUnknownClients(user.email);
    expect(await attempt(user.email, TEST_PASSWORD, device)).toMatchObject({ ok: true, user: { id: user.id } });
    // The known device's success does not lift the lockout of unknown clients.
    expect(await attempt(user.email, TEST_PASSWORD)).toMatchObject({ code: 'rate_limited' });
  });

  it('a known device has its own counter: its five failures lock it, not the unknown clients, and the next window forgives', async () => {
    const user = await createTestUser();
    const device = await mintDeviceToken(user.email, AT);
    for (let i = 0; i < DEVICE_ATTEMPT_LIMIT; i++) expect(await attempt(user.email, `typo-${i}`, device)).toMatchObject({ code: 'invalid' });
    const refused = await attempt(user.email, TEST_PASSWORD, device);
    expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS);
    expect(await attempt(user.email, TEST_PASSWORD)).toMatchObject({ ok: true });
    const later = verifyCredentials({ email: user.email, password: TEST_PASSWORD }, SHARED_CLIENT, { deviceToken: device, at: AT + SIGN_IN_WINDOW_SECONDS * 1000 });
    expect(await later).toMatchObject({ ok: true });
  });

  it('a device cookie with a bad signature, for another login, or expired is an unknown device', async () => {
    const user = await createTestUser();
    const other = await createTestUser();
    const genuine = await mintDeviceToken(user.email, AT);
    const [head, body, signature] = genuine.split('.');
    const forged = [
      `${head}.${body}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`,
      await mintDeviceToken(other.email, AT),
      await mintDeviceToken(user.email, AT - 400 * 24 * 3600 * 1000),
      'not-a-token',
    ];
    await lockOutUnknownClients(user.email);
    for (const token of forged) expect(await attempt(user.email, TEST_PASSWORD, token)).toMatchObject({ code: 'rate_limited' });
    expect(await attempt(user.email, TEST_PASSWORD, genuine)).toMatchObject({ ok: true });
  });

  it('parallel failures from a known device are all counted (case 53 in its lane)', async () => {
    const user = await createTestUser();
    const device = await mintDeviceToken(user.email, AT);
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => attempt(user.email, `wrong-${i}`, device)));
    expect(results.filter((r) => !r.ok && r.code === 'invalid')).toHaveLength(DEVICE_ATTEMPT_LIMIT);
    expect(await attempt(user.email, TEST_PASSWORD, device)).toMatchObject({ code: 'rate_limited' });
  });

  it('a sign-in through Auth.js makes the browser a known device: locked out without the cookie, signed in with it', async () => {
    const user = await createTestUser();
    const first = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD });
    expect(first.status).toBe(302);
    const deviceToken = first.cookiesWritten.get(DEVICE_COOKIE);
    expect(deviceToken).toBeTruthy();

    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) await verifyCredentials({ email: user.email, password: `wrong-${i}` }, SHARED_CLIENT);
    const stranger = await authPost('/api/auth/callback/credentials', '', { email: user.email, password: TEST_PASSWORD });
    expect(stranger.status).toBe(429);
    expect(stranger.sessionCookie).toBeUndefined();

    const owner = await authPost('/api/auth/callback/credentials', `${DEVICE_COOKIE}=${deviceToken}`, { email: user.email, password: TEST_PASSWORD });
    expect(owner.status).toBe(302);
    expect(owner.sessionCookie).toBeTruthy();
  });
});
