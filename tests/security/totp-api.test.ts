/**
 * Issue 22, point 2: the authenticator app's JSON API. Set-up with a code computed by otplib from
 * the returned secret, the factors summary, replay of a code, a wrong confirm code in the sign-in
 * budget, recovery codes regenerated, turning it off, and sudo mode on every sensitive endpoint
 * (a token whose authentication is older than the window: 403 and nothing changed). Real routes,
 * PGlite, the memory KV, the development mailbox; the clock is pinned (fake `Date`) 10 s into a time step.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, recoveryCodes, totpFactors } from '@/db/schema';
import { GET as getFactors } from '@/app/api/user/factors/route';
import { POST as newRecoveryCodes } from '@/app/api/user/recovery-codes/route';
import { POST as confirmRoute } from '@/app/api/user/totp/confirm/route';
import { DELETE as disableRoute, POST as startRoute } from '@/app/api/user/totp/route';
import { POST as reauthenticate } from '@/app/api/user/reauthenticate/route';
import { confirmTotpSetupAction, disableTotpAction, startTotpSetupAction } from '@/app/(dashboard)/profile/security/two-step-actions';
import { enterRequest } from '@/tests/helpers/request-context';
import { ACCOUNT_ATTEMPT_LIMIT } from '@/lib/auth';
import { decodeSessionToken } from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';
import { callRoute } from '@/tests/helpers/http';
import { mailTo } from '@/tests/helpers/mailbox';
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

const db = async () => getDb();
const totpRow = async (userId: string) => (await (await db()).select().from(totpFactors).where(eq(totpFactors.userId, userId)))[0];
const codeRows = async (userId: string) => (await db()).select().from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
const auditActions = async (userId: string) => (await (await db()).select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, userId))).map((r) => r.a);
const claimsOf = async (cookie: string) => {
  const name = cookie.slice(0, cookie.indexOf('='));
  return decodeSessionToken(cookie.slice(name.length + 1), getEnv().authSecrets, name);
};
/** A token whose authentication is an hour old (past the 600 s window). */
const staleCookie = (user: Awaited<ReturnType<typeof createTestUser>>) => sessionCookie(user, { authTime: Math.floor(AT / 1000) - 3600 });

describe('set-up: POST /api/user/totp, then /confirm with a code from the returned secret', () => {
  it('pending until confirmed; confirm → 10 recovery codes, factors say on, audit + mail, this cookie gains otp/mfa', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const started = await callRoute(startRoute, { method: 'POST', cookie });
    expect(started.status).toBe(200);
    const { secret, otpauthUrl } = started.json as { secret: string; otpauthUrl: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/edge-sessions:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(decodeURIComponent(otpauthUrl)).toContain(user.email);
    // Stored encrypted, pending.
    const pending = await totpRow(user.id);
    expect(pending!.confirmedAt).toBeNull();
    expect(pending!.secretEncrypted).not.toContain(secret);
    expect((await callRoute(getFactors, { cookie })).json).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });

    const confirmed = await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: await totpCode(secret) } });
    expect(confirmed.status).toBe(200);
    const codes = (confirmed.json as { recoveryCodes: string[] }).recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    // Hashed, never stored in clear.
    const rows = await codeRows(user.id);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.codeHash)).not.toContain(codes[0]);
    expect((await totpRow(user.id))!.confirmedAt).not.toBeNull();
    expect((await callRoute(getFactors, { cookie })).json).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
    expect(await auditActions(user.id)).toContain('factor.totp_enabled');
    expect(mailTo(user.email).map((m) => m.subject)).toContain('Two-step verification was turned on');
    // This browser: re-issued with the second factor and a fresh authentication.
    const reissued = confirmed.cookiesWritten.get(cookie.slice(0, cookie.indexOf('=')));
    expect(reissued).toBeTruthy();
    const claims = await claimsOf(`${cookie.slice(0, cookie.indexOf('='))}=${reissued}`);
    expect(claims).toMatchObject({ amr: ['pwd', 'otp', 'mfa'], reauthAt: Math.floor(AT / 1000) });
  });

  it('a second POST replaces a pending set-up; 409 once the app is on', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const first = (await callRoute(startRoute, { method: 'POST', cookie })).json as { secret: string };
    const second = (await callRoute(startRoute, { method: 'POST', cookie })).json as { secret: string };
    expect(second.secret).not.toBe(first.secret);
    // The first secret's code no longer confirms.
    const stale = await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: await totpCode(first.secret) } });
    expect(stale.status).toBe(422);
    expect((await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: await totpCode(second.secret) } })).status).toBe(200);
    const again = await callRoute(startRoute, { method: 'POST', cookie });
    expect(again.status).toBe(409);
    expect((await totpRow(user.id))!.confirmedAt).not.toBeNull();
  });

  it('a wrong code → 422 with issues.code, nothing activated; wrong codes spend the sign-in budget (429, then even the right code)', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const { secret } = (await callRoute(startRoute, { method: 'POST', cookie })).json as { secret: string };
    const right = await totpCode(secret);
    const wrong = right === '000000' ? '111111' : '000000';
    const res = await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: wrong } });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: expect.any(String), issues: { code: [expect.any(String)] } });
    for (let i = 1; i < ACCOUNT_ATTEMPT_LIMIT; i++) expect((await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: wrong } })).status).toBe(422);
    const limited = await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: right } });
    expect(limited.status).toBe(429);
    expect((await totpRow(user.id))!.confirmedAt).toBeNull();
    expect(await codeRows(user.id)).toHaveLength(0);
  });

  it('bad bodies → 422; no session → 401; cross-site → 403', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    await callRoute(startRoute, { method: 'POST', cookie });
    expect((await callRoute(confirmRoute, { method: 'POST', cookie, body: {} })).status).toBe(422);
    expect((await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: 123456 } })).status).toBe(422);
    expect((await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: '123456', extra: 1 } })).status).toBe(422);
    expect((await callRoute(startRoute, { method: 'POST' })).status).toBe(401);
    expect((await callRoute(getFactors, {})).status).toBe(401);
    expect((await callRoute(startRoute, { method: 'POST', cookie, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
  });
});

describe('recovery codes and turning the app off', () => {
  it('POST /api/user/recovery-codes → 10 new codes, the old set gone (409 without TOTP); audit + mail', async () => {
    const user = await createTestUser();
    let cookie = await sessionCookie(user);
    expect((await callRoute(newRecoveryCodes, { method: 'POST', cookie })).status).toBe(409);
    const enabled = await enableTotp(cookie);
    cookie = enabled.cookie;
    const before = (await codeRows(user.id)).map((r) => r.codeHash);
    const res = await callRoute(newRecoveryCodes, { method: 'POST', cookie });
    expect(res.status).toBe(200);
    const fresh = (res.json as { recoveryCodes: string[] }).recoveryCodes;
    expect(fresh).toHaveLength(10);
    expect(fresh.some((c) => enabled.recoveryCodes.includes(c))).toBe(false);
    const after = (await codeRows(user.id)).map((r) => r.codeHash);
    expect(after).toHaveLength(10);
    expect(after.some((h) => before.includes(h))).toBe(false);
    expect(await auditActions(user.id)).toContain('factor.recovery_codes_generated');
    expect(mailTo(user.email).map((m) => m.subject)).toContain('New recovery codes were generated');
  });

  it('DELETE /api/user/totp → 204: the app and its codes are gone, audit + mail; 409 when it is not on', async () => {
    const user = await createTestUser();
    const { cookie } = await enableTotp(await sessionCookie(user));
    const res = await callRoute(disableRoute, { method: 'DELETE', cookie });
    expect(res.status).toBe(204);
    expect(await totpRow(user.id)).toBeUndefined();
    expect(await codeRows(user.id)).toHaveLength(0);
    expect((await callRoute(getFactors, { cookie })).json).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    expect(await auditActions(user.id)).toContain('factor.totp_disabled');
    expect(mailTo(user.email).map((m) => m.subject)).toContain('Two-step verification was turned off');
    expect((await callRoute(disableRoute, { method: 'DELETE', cookie })).status).toBe(409);
  });
});

describe('sudo mode: an authentication older than the window → 403 reauthentication-required, nothing changed', () => {
  it('POST /api/user/totp', async () => {
    const user = await createTestUser();
    const res = await callRoute(startRoute, { method: 'POST', cookie: await staleCookie(user) });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'reauthentication-required' });
    expect(await totpRow(user.id)).toBeUndefined();
  });

  it('POST /api/user/totp/confirm', async () => {
    const user = await createTestUser();
    const { secret } = (await callRoute(startRoute, { method: 'POST', cookie: await sessionCookie(user) })).json as { secret: string };
    const res = await callRoute(confirmRoute, { method: 'POST', cookie: await staleCookie(user), body: { code: await totpCode(secret) } });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'reauthentication-required' });
    expect((await totpRow(user.id))!.confirmedAt).toBeNull();
    expect(await codeRows(user.id)).toHaveLength(0);
  });

  it('DELETE /api/user/totp and POST /api/user/recovery-codes', async () => {
    const user = await createTestUser();
    await enableTotp(await sessionCookie(user));
    const hashes = (await codeRows(user.id)).map((r) => r.codeHash).sort();
    const stale = await staleCookie(user);
    const off = await callRoute(disableRoute, { method: 'DELETE', cookie: stale });
    expect(off.status).toBe(403);
    expect(off.json).toMatchObject({ code: 'reauthentication-required' });
    const regen = await callRoute(newRecoveryCodes, { method: 'POST', cookie: stale });
    expect(regen.status).toBe(403);
    expect(regen.json).toMatchObject({ code: 'reauthentication-required' });
    expect((await totpRow(user.id))!.confirmedAt).not.toBeNull();
    expect((await codeRows(user.id)).map((r) => r.codeHash).sort()).toEqual(hashes);
    // The summary is no sudo endpoint.
    expect((await callRoute(getFactors, { cookie: stale })).json).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: 10 });
  });
});

describe("sudo mode with the authenticator app: \"Confirm it's you\" with a code", () => {
  it('POST /api/user/reauthenticate { code } → a fresh authentication (amr gains otp); the same code again → 422', async () => {
    const user = await createTestUser();
    const { secret } = await enableTotp(await sessionCookie(user));
    const stale = await staleCookie(user);
    const name = stale.slice(0, stale.indexOf('='));
    const code = await totpCode(secret);
    const ok = await callRoute(reauthenticate, { method: 'POST', cookie: stale, body: { code } });
    expect(ok.status).toBe(200);
    const fresh = `${name}=${ok.cookiesWritten.get(name)}`;
    expect(await claimsOf(fresh)).toMatchObject({ reauthAt: Math.floor(AT / 1000), amr: ['pwd', 'otp', 'mfa'] });
    expect((await callRoute(newRecoveryCodes, { method: 'POST', cookie: fresh })).status).toBe(200);
    const replay = await callRoute(reauthenticate, { method: 'POST', cookie: stale, body: { code } });
    expect(replay.status).toBe(422);
    // No fresh authentication (a cookie re-issued by the freshness path keeps the old time).
    const written = replay.cookiesWritten.get(name);
    if (written) expect((await claimsOf(`${name}=${written}`))?.reauthAt).not.toBe(Math.floor(AT / 1000));
  });

  it('a code of an account without the app is refused (422)', async () => {
    const user = await createTestUser();
    const res = await callRoute(reauthenticate, { method: 'POST', cookie: await staleCookie(user), body: { code: '123456' } });
    expect(res.status).toBe(422);
  });
});

describe('the Security page forms (server actions)', () => {
  const form = (fields: Record<string, string> = {}) => {
    const fd = new FormData();
    for (const [k, v] of Object.entries(fields)) fd.set(k, v);
    return fd;
  };
  const idle = { status: 'idle' } as const;

  it('set up → confirm → 10 codes in the state; turn off; each stale → "Confirm it\'s you", nothing changed, then the password completes it', async () => {
    const user = await createTestUser();
    const stale = await staleCookie(user);
    enterRequest({ cookie: stale, surface: 'action' });
    const asked = await startTotpSetupAction(idle, form());
    expect(asked).toMatchObject({ status: 'error', code: 'reauthentication-required' });
    expect(await totpRow(user.id)).toBeUndefined();
    enterRequest({ cookie: stale, surface: 'action' });
    expect(await startTotpSetupAction(idle, form({ reauthPassword: TEST_PASSWORD }))).toMatchObject({ status: 'success' });
    const pending = await totpRow(user.id);
    expect(pending?.confirmedAt).toBeNull();

    const cookie = await sessionCookie(user);
    const secret = (await callRoute(startRoute, { method: 'POST', cookie })).json.secret as string;
    enterRequest({ cookie, surface: 'action' });
    const wrong = await confirmTotpSetupAction(idle, form({ code: (await totpCode(secret)) === '000000' ? '111111' : '000000' }));
    expect(wrong).toMatchObject({ status: 'error', fieldErrors: { code: [expect.any(String)] } });
    enterRequest({ cookie, surface: 'action' });
    const done = await confirmTotpSetupAction(idle, form({ code: await totpCode(secret) }));
    expect(done.status).toBe('success');
    expect(done.values?.recoveryCodes?.split(' ')).toHaveLength(10);

    enterRequest({ cookie: await staleCookie(user), surface: 'action' });
    expect(await disableTotpAction(idle, form())).toMatchObject({ code: 'reauthentication-required' });
    expect((await totpRow(user.id))?.confirmedAt).not.toBeNull();
    enterRequest({ cookie, surface: 'action' });
    expect(await disableTotpAction(idle, form())).toMatchObject({ status: 'success' });
    expect(await totpRow(user.id)).toBeUndefined();
  });
});
