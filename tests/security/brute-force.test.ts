/**
 * Security cases 35–39, 49 and 53 (brute force and enumeration): the throttle behind
 * `verifyCredentials`, the function Auth.js's Credentials provider calls for every sign-in, for
 * browsers without a device cookie (unknown devices; known devices: `device-lockout.test.ts`).
 * Per-client limits apply to trusted client addresses only (the addresses below); the clock is
 * pinned inside one 15-minute window so counters cannot reset mid-test.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, setDatabaseForTests } from '@/db/client';
import { verifyCredentials, ACCOUNT_ATTEMPT_LIMIT, CLIENT_FAILURE_LIMIT, SIGN_IN_WINDOW_SECONDS } from '@/lib/auth';
import { clientAddressFromHeaders, SHARED_CLIENT } from '@/lib/client-address';
import { resetEnvCache } from '@/lib/core/env';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
import { failingKv, useFreshBackends } from '@/tests/helpers/db';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

const WINDOW_START = Date.UTC(2026, 10, 27, 0, 0, 0);

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(WINDOW_START + 10_000);
  await useFreshBackends();
});
afterAll(() => {
  vi.useRealTimers();
});
// A fresh KV per case: counters never leak between cases (the database is shared; users are unique).
beforeEach(() => {
  setKvForTests(instrument(createMemoryKv()));
});

let n = 0;
const nextAddress = () => `198.51.100.${++n}`;

describe('per account', () => {
  it(`after ${ACCOUNT_ATTEMPT_LIMIT} wrong passwords the right one is refused too, with a Retry-After within the window`, async () => {
    const user = await createTestUser();
    const address = nextAddress();
    await expectDbUnchanged(async () => {
      for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) {
        expect(await verifyCredentials({ email: user.email, password: `wrong-${i}` }, address)).toEqual({ ok: false, code: 'invalid' });
      }
      const refused = await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, address);
      expect(refused).toMatchObject({ ok: false, code: 'rate_limited' });
      const retry = (refused as { retryAfterSeconds: number }).retryAfterSeconds;
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(SIGN_IN_WINDOW_SECONDS);
    });
    // Another client, same account: still limited (the account bucket decides).
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ code: 'rate_limited' });
    // The next window forgives.
    vi.setSystemTime(WINDOW_START + SIGN_IN_WINDOW_SECONDS * 1000 + 10_000);
    try {
      expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, address)).toMatchObject({ ok: true });
    } finally {
      vi.setSystemTime(WINDOW_START + 10_000);
    }
  });

  it.each([
    ['mixed case', (e: string) => e.toUpperCase()],
    ['surrounding spaces', (e: string) => `  ${e} `],
    ['full-width @', (e: string) => e.replace('@', '＠')],
  ])('spelling the email with %s does not open a new bucket', async (_n, spell) => {
    const user = await createTestUser();
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) await verifyCredentials({ email: spell(user.email), password: `wrong-${i}` }, nextAddress());
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ code: 'rate_limited' });
  });

  it('a success clears the account\'s earlier failures', async () => {
    const user = await createTestUser();
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT - 1; i++) await verifyCredentials({ email: user.email, password: 'wrong' }, nextAddress());
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ ok: true });
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT - 1; i++) {
      expect(await verifyCredentials({ email: user.email, password: 'wrong' }, nextAddress())).toMatchObject({ code: 'invalid' });
    }
  });
});

describe('per client', () => {
  it(`one password sprayed over many accounts from one client → limited after ${CLIENT_FAILURE_LIMIT} failures; other clients are not`, async () => {
    const address = nextAddress();
    const victim = await createTestUser();
    await expectDbUnchanged(async () => {
      for (let i = 0; i < CLIENT_FAILURE_LIMIT; i++) {
        expect(await verifyCredentials({ email: `spray-${i}@example.test`, password: 'Summer2026!' }, address)).toMatchObject({ code: 'invalid' });
      }
      expect(await verifyCredentials({ email: victim.email, password: TEST_PASSWORD }, address)).toMatchObject({ code: 'rate_limited' });
    });
    expect(await verifyCredentials({ email: victim.email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ ok: true });
  });

  it('a client-supplied X-Forwarded-For never decides the client address', async () => {
    const rotating = Array.from({ length: 5 }, (_, i) => new Headers({ 'x-forwarded-for': `10.0.0.${i}`, 'x-real-ip': `10.1.0.${i}` }));
    expect(new Set(rotating.map((h) => clientAddressFromHeaders(h)))).toEqual(new Set([SHARED_CLIENT]));
    process.env.TRUSTED_CLIENT_IP_HEADER = 'x-vercel-forwarded-for';
    resetEnvCache();
    try {
      const spoofed = Array.from({ length: 5 }, (_, i) => new Headers({ 'x-forwarded-for': `10.0.0.${i}`, 'x-vercel-forwarded-for': '203.0.113.9' }));
      expect(new Set(spoofed.map((h) => clientAddressFromHeaders(h)))).toEqual(new Set(['203.0.113.9']));
    } finally {
      delete process.env.TRUSTED_CLIENT_IP_HEADER;
      resetEnvCache();
    }
  });
});

describe('enumeration and passwords', () => {
  it('an unknown email and a wrong password get the identical answer, and both count', async () => {
    const user = await createTestUser();
    const known = await verifyCredentials({ email: user.email, password: 'wrong-password' }, nextAddress());
    const unknown = await verifyCredentials({ email: `nobody-${n}@example.test`, password: 'wrong-password' }, nextAddress());
    expect(unknown).toEqual(known);
    expect(known).toEqual({ ok: false, code: 'invalid' });
    // An unknown email is throttled exactly like a real one: a 429 reveals nothing either.
    const ghost = `ghost-${n}@example.test`;
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT; i++) await verifyCredentials({ email: ghost, password: 'x-wrong-x' }, nextAddress());
    expect(await verifyCredentials({ email: ghost, password: 'x-wrong-x' }, nextAddress())).toMatchObject({ code: 'rate_limited' });
  });

  it('a 200-character password works, a truncated one does not, and a 1 MB one is refused without counting', async () => {
    const long = 'p'.repeat(150) + '🔐'.repeat(50);
    const user = await createTestUser({ password: long });
    expect(await verifyCredentials({ email: user.email, password: long }, nextAddress())).toMatchObject({ ok: true });
    expect(await verifyCredentials({ email: user.email, password: long.slice(0, -2) }, nextAddress())).toMatchObject({ code: 'invalid' });
    const huge = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT + 2; i++) {
      expect(await verifyCredentials({ email: user.email, password: huge }, nextAddress())).toEqual({ ok: false, code: 'invalid' });
    }
    expect(await verifyCredentials({ email: user.email, password: long }, nextAddress())).toMatchObject({ ok: true });
  });
});

describe('dependencies down', () => {
  it('database down → unavailable, and no failure is counted', async () => {
    const { database } = await useFreshBackends();
    await database.close();
    const email = 'outage@example.test';
    for (let i = 0; i < ACCOUNT_ATTEMPT_LIMIT + 3; i++) {
      expect(await verifyCredentials({ email, password: TEST_PASSWORD }, nextAddress())).toEqual({ ok: false, code: 'unavailable' });
    }
    // The database comes back (same KV): the account was never locked.
    setDatabaseForTests(await openDatabase({ pgliteDataDir: 'memory://' }));
    await createTestUser({ email });
    expect(await verifyCredentials({ email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ ok: true });
  });

  it('KV down → sign-in fails closed (unavailable), even with the right password; nothing written', async () => {
    const user = await createTestUser();
    setKvForTests(failingKv());
    await expectDbUnchanged(async () => {
      expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, nextAddress())).toEqual({ ok: false, code: 'unavailable' });
    });
  });
});

describe('concurrency', () => {
  it('parallel failed sign-ins are all counted: exactly the limit is checked, the rest refused', async () => {
    const user = await createTestUser();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => verifyCredentials({ email: user.email, password: `wrong-${i}` }, nextAddress())),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.code));
    expect(codes.filter((c) => c === 'invalid')).toHaveLength(ACCOUNT_ATTEMPT_LIMIT);
    expect(codes.filter((c) => c === 'rate_limited')).toHaveLength(12 - ACCOUNT_ATTEMPT_LIMIT);
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, nextAddress())).toMatchObject({ code: 'rate_limited' });
  });

  it('parallel failures from one client against many accounts all reach the client counter', async () => {
    const address = nextAddress();
    await Promise.all(
      Array.from({ length: CLIENT_FAILURE_LIMIT }, (_, i) => verifyCredentials({ email: `p${i}-${n}@example.test`, password: 'wrong-one' }, address)),
    );
    const user = await createTestUser();
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, address)).toMatchObject({ code: 'rate_limited' });
  });
});
