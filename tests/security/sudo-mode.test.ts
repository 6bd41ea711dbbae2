/**
 * Cases 78 and 79: sudo mode and the admin second-factor policy.
 *
 * - Every sensitive route handler and action with a sign-in whose latest authentication is older
 *   than REAUTH_WINDOW_SECONDS is refused (`reauthentication-required`) and changes nothing;
 *   confirming (`POST /api/user/reauthenticate`, or the form's "Confirm it's you") re-issues the
 *   cookie of the SAME sign-in with a fresh authentication time, and the action then goes through.
 * - Under REQUIRE_ADMIN_MFA=1 an admin session without a second factor gets no admin page and no
 *   admin API; removing the last factor reaches every token of that user on its next request, and
 *   the steady state of a multi-factor admin stays 0 database reads and at most 1 KV read.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { GET as getMe } from '@/app/api/user/route';
import { DELETE as deleteSessions, GET as listSessions } from '@/app/api/user/sessions/route';
import { DELETE as deleteSession } from '@/app/api/user/sessions/[id]/route';
import { POST as reauthenticate } from '@/app/api/user/reauthenticate/route';
import { GET as listUsers } from '@/app/api/admin/users/route';
import { DELETE as deleteUser, PATCH as patchUser } from '@/app/api/admin/users/[id]/route';
import { DELETE as revokeUserSessions } from '@/app/api/admin/users/[id]/sessions/route';
import { signOutOtherDevicesAction } from '@/app/(dashboard)/profile/security/actions';
import { changeRoleAction } from '@/app/(dashboard)/admin/users/actions';
import { getDb } from '@/db/client';
import { auditLog, recoveryCodes, totpFactors, users } from '@/db/schema';
import { getFactorSummary } from '@/db/queries/second-factors';
import { DELETE as resetFactors } from '@/app/api/admin/users/[id]/factors/route';
import { mailTo } from '@/tests/helpers/mailbox';
import { changeFactors, getSession, requireAdmin, requireApiAdmin } from '@/lib/auth';
import { resetEnvCache } from '@/lib/core/env';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { decodeSessionToken } from '@/lib/core/session-token';
import { getEnv } from '@/lib/core/env';
import { counted, redirectTarget, writtenSessionCookie } from '@/tests/helpers/freshness';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, sidOfCookie } from '@/tests/helpers/tokens';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';

beforeAll(async () => {
  await useFreshBackends();
});

afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

const now = () => Math.floor(Date.now() / 1000);
/** A sign-in from an hour ago: a session, but not a recent authentication (window: 600 s by default). */
const anHourAgo = () => ({ authTime: now() - 3600 });
const json = (body: unknown) => ({ method: 'POST', body });
const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};
const idle = { status: 'idle' } as const;

async function claimsOfCookie(value: string) {
  return decodeSessionToken(value, getEnv().authSecrets, SESSION_COOKIE);
}

describe('case 78: sensitive route handlers need a recent authentication', () => {
  it('each answers 403 reauthentication-required to an old sign-in and changes nothing', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const target = await createTestUser();
    const stale = await sessionCookie(admin, anHourAgo());
    const other = await sessionCookie(admin);
    const targetCookie = await sessionCookie(target);
    const otherSid = await sidOfCookie(other);

    const refused = [
      await callRoute(deleteSessions, { method: 'DELETE', cookie: stale }),
      await callRoute(deleteSessions, { method: 'DELETE', cookie: stale, path: '/api/user/sessions?scope=others' }),
      await callRoute(deleteSession, { method: 'DELETE', cookie: stale, params: { id: otherSid } }),
      await callRoute(patchUser, { ...json({ role: 'admin' }), method: 'PATCH', cookie: stale, params: { id: target.id } }),
      await callRoute(deleteUser, { method: 'DELETE', cookie: stale, params: { id: target.id } }),
      await callRoute(revokeUserSessions, { method: 'DELETE', cookie: stale, params: { id: target.id } }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: 'reauthentication-required', error: expect.any(String) });
    }
    // Nothing changed: the other device and the target are signed in, the target is still a user.
    expect((await callRoute(getMe, { cookie: other })).status).toBe(200);
    expect((await callRoute(getMe, { cookie: targetCookie })).status).toBe(200);
    const [row] = await (await getDb()).select({ role: users.role }).from(users).where(eq(users.id, target.id));
    expect(row?.role).toBe('user');
    // Reading is not sensitive, and neither is signing this device out.
    expect((await callRoute(listSessions, { cookie: stale })).status).toBe(200);
    expect((await callRoute(deleteSession, { method: 'DELETE', cookie: stale, params: { id: await sidOfCookie(stale) } })).status).toBe(204);
  });

  it('POST /api/user/reauthenticate re-issues the same sign-in with a fresh authentication time; the action then goes through', async () => {
    const user = await createTestUser();
    const stale = await sessionCookie(user, anHourAgo());
    const other = await sessionCookie(user);
    const sid = await sidOfCookie(stale);

    const wrong = await callRoute(reauthenticate, { ...json({ password: 'not-my-password' }), cookie: stale });
    expect(wrong.status).toBe(422);
    expect(wrong.cookiesWritten.get(SESSION_COOKIE)).toBeUndefined();

    const ok = await callRoute(reauthenticate, { ...json({ password: TEST_PASSWORD }), cookie: stale });
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ reauthenticatedAt: expect.any(String) });
    const value = ok.cookiesWritten.get(SESSION_COOKIE)!;
    const claims = await claimsOfCookie(value);
    expect(claims?.sid).toBe(sid); // the same sign-in
    expect(claims?.authTime).toBeLessThan(now() - 3000); // the absolute lifetime still counts from the sign-in
    expect(claims?.reauthAt).toBeGreaterThanOrEqual(now() - 5);

    const fresh = `${SESSION_COOKIE}=${value}`;
    expect((await callRoute(deleteSessions, { method: 'DELETE', cookie: fresh, path: '/api/user/sessions?scope=others' })).status).toBe(204);
    expect((await callRoute(getMe, { cookie: other })).status).toBe(401);
  });

  it('a code is refused when the account has no authenticator app; a malformed proof is a 422', async () => {
    const user = await createTestUser();
    const stale = await sessionCookie(user, anHourAgo());
    expect((await callRoute(reauthenticate, { ...json({ code: '123456' }), cookie: stale })).status).toBe(422);
    expect((await callRoute(reauthenticate, { ...json({}), cookie: stale })).status).toBe(422);
    expect((await callRoute(reauthenticate, { ...json({ password: TEST_PASSWORD }) })).status).toBe(401);
  });

  it('a reauthAt in the future or before the sign-in is no authentication', async () => {
    const user = await createTestUser();
    const forged = await sessionCookie(user, { ...anHourAgo(), reauthAt: now() + 3600 });
    const res = await callRoute(deleteSessions, { method: 'DELETE', cookie: forged });
    expect(res.status).toBe(403);
    expect((await callRoute(getMe, { cookie: forged })).status).toBe(200);
  });

  it('REAUTH_WINDOW_SECONDS sets the window', async () => {
    vi.stubEnv('REAUTH_WINDOW_SECONDS', '5');
    resetEnvCache();
    const user = await createTestUser();
    const tenSecondsAgo = await sessionCookie(user, { authTime: now() - 10 });
    expect((await callRoute(deleteSessions, { method: 'DELETE', cookie: tenSecondsAgo, path: '/api/user/sessions?scope=others' })).status).toBe(403);
    const justNow = await sessionCookie(user);
    expect((await callRoute(deleteSessions, { method: 'DELETE', cookie: justNow, path: '/api/user/sessions?scope=others' })).status).toBe(204);
  });
});

describe('case 78: sensitive forms ask "Confirm it\'s you", then complete', () => {
  it('sign out other devices: asked, nothing changed; a wrong password keeps asking; the right one completes on the same sign-in', async () => {
    const user = await createTestUser();
    const here = await sessionCookie(user, anHourAgo());
    const other = await sessionCookie(user);

    enterRequest({ cookie: here, surface: 'action' });
    const asked = await signOutOtherDevicesAction(idle, form({}));
    expect(asked).toMatchObject({ status: 'error', code: 'reauthentication-required' });
    expect((await callRoute(getMe, { cookie: other })).status).toBe(200);

    enterRequest({ cookie: here, surface: 'action' });
    const wrong = await signOutOtherDevicesAction(idle, form({ reauthPassword: 'wrong-password-1' }));
    expect(wrong).toMatchObject({ status: 'error', code: 'reauthentication-required', fieldErrors: { reauthPassword: [expect.any(String)] } });
    expect(JSON.stringify(wrong)).not.toContain('wrong-password-1');
    expect((await callRoute(getMe, { cookie: other })).status).toBe(200);

    enterRequest({ cookie: here, surface: 'action' });
    const done = await signOutOtherDevicesAction(idle, form({ reauthPassword: TEST_PASSWORD }));
    expect(done).toMatchObject({ status: 'success' });
    expect((await callRoute(getMe, { cookie: other })).status).toBe(401);
    const reissued = writtenSessionCookie()!;
    const claims = await claimsOfCookie(reissued);
    expect(claims?.sid).toBe(await sidOfCookie(here));
    expect(claims?.reauthAt).toBeGreaterThanOrEqual(now() - 5);
  });

  it('an admin write: asked and the target unchanged; confirmed, the role changes', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const target = await createTestUser();
    const stale = await sessionCookie(admin, anHourAgo());
    const roleOf = async () => (await (await getDb()).select({ role: users.role }).from(users).where(eq(users.id, target.id)))[0]?.role;

    enterRequest({ cookie: stale, surface: 'action' });
    const asked = await changeRoleAction(idle, form({ userId: target.id, role: 'admin' }));
    expect(asked).toMatchObject({ code: 'reauthentication-required', values: { userId: target.id, role: 'admin' } });
    expect(await roleOf()).toBe('user');

    enterRequest({ cookie: stale, surface: 'action' });
    const done = await changeRoleAction(idle, form({ userId: target.id, role: 'admin', reauthPassword: TEST_PASSWORD }));
    expect(done).toMatchObject({ status: 'success' });
    expect(await roleOf()).toBe('admin');
  });
});

describe('case 79: the admin second-factor policy (REQUIRE_ADMIN_MFA=1)', () => {
  const requirePolicy = () => {
    vi.stubEnv('REQUIRE_ADMIN_MFA', '1');
    resetEnvCache();
  };

  it('an admin session without a second factor: no admin API (403 mfa-enrollment-required), the admin page sends it to enrol', async () => {
    requirePolicy();
    const admin = await createTestUser({ role: 'admin' });
    const passwordOnly = await sessionCookie(admin, { amr: ['pwd'] });
    const res = await callRoute(listUsers, { cookie: passwordOnly });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'mfa-enrollment-required' });
    // An older token without `amr` is a password sign-in.
    expect((await callRoute(listUsers, { cookie: await sessionCookie(admin) })).status).toBe(403);

    enterRequest({ cookie: passwordOnly, surface: 'page' });
    expect(await redirectTarget(() => requireAdmin())).toBe('/profile/security?enroll=admin');
    // The rest of the app is open to it.
    expect((await callRoute(getMe, { cookie: passwordOnly })).status).toBe(200);
  });

  it('a provider sign-in whose IdP said mfa passes; with the policy off, a password admin passes too', async () => {
    requirePolicy();
    const admin = await createTestUser({ role: 'admin' });
    expect((await callRoute(listUsers, { cookie: await sessionCookie(admin, { amr: ['oidc', 'mfa'] }) })).status).toBe(200);
    expect((await callRoute(listUsers, { cookie: await sessionCookie(admin, { amr: ['oidc'] }) })).status).toBe(403);
    vi.stubEnv('REQUIRE_ADMIN_MFA', '0');
    resetEnvCache();
    expect((await callRoute(listUsers, { cookie: await sessionCookie(admin, { amr: ['pwd'] }) })).status).toBe(200);
  });

  it('steady state of a multi-factor admin: 0 database reads, 1 KV read; removing the last factor reaches every token on its next request', async () => {
    requirePolicy();
    const admin = await createTestUser({ role: 'admin' });
    const db = await getDb();
    await db.insert(totpFactors).values({ userId: admin.id, secretEncrypted: 'test-only', confirmedAt: new Date() });
    const laptop = await sessionCookie(admin, { amr: ['pwd', 'otp', 'mfa'] });
    const phone = await sessionCookie(admin, { amr: ['pwd', 'otp', 'mfa'] });
    expect((await callRoute(listUsers, { cookie: laptop })).status).toBe(200); // fills the marker
    enterRequest({ cookie: phone, surface: 'route' });
    const steady = await counted(() => requireApiAdmin());
    expect(steady.result?.multiFactor).toBe(true);
    expect(steady.counts).toMatchObject({ dbQueries: 0, kvReads: 1 });

    const removed = await changeFactors(admin.id, {
      audit: { action: 'factor.totp_disabled' },
      apply: async (tx) => {
        await tx.delete(totpFactors).where(eq(totpFactors.userId, admin.id));
        return { value: undefined };
      },
    });
    expect(removed.status).toBe('changed');
    for (const cookie of [laptop, phone]) {
      const res = await callRoute(listUsers, { cookie });
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ code: 'mfa-enrollment-required' });
    }
  });
});

describe('an admin resets a user\'s second factors', () => {
  it('re-authenticated: factors gone, audited with the admin as actor, the user mailed, their multi-factor token loses mfa on its next request', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const target = await createTestUser();
    const db = await getDb();
    await db.insert(totpFactors).values({ userId: target.id, secretEncrypted: 'test-only', confirmedAt: new Date() });
    await db.insert(recoveryCodes).values([{ userId: target.id, codeHash: 'a' }, { userId: target.id, codeHash: 'b' }]);
    const targetCookie = await sessionCookie(target, { amr: ['pwd', 'otp', 'mfa'] });
    enterRequest({ cookie: targetCookie, surface: 'route' });
    expect((await getSession())?.multiFactor).toBe(true);

    const stale = await sessionCookie(admin, anHourAgo());
    const asked = await callRoute(resetFactors, { method: 'DELETE', cookie: stale, params: { id: target.id } });
    expect(asked.status).toBe(403);
    expect((await getFactorSummary(target.id)).totp).toBe(true);

    const fresh = await sessionCookie(admin);
    const done = await callRoute(resetFactors, { method: 'DELETE', cookie: fresh, params: { id: target.id } });
    expect(done.status).toBe(204);
    expect(await getFactorSummary(target.id)).toEqual({ totp: false, passkeys: 0, recoveryCodesLeft: 0 });
    const audit = await db.select().from(auditLog).where(and(eq(auditLog.targetId, target.id), eq(auditLog.action, 'factor.reset_by_admin')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBe(admin.id);
    expect(mailTo(target.email).some((m) => /reset by an admin/.test(m.subject))).toBe(true);

    enterRequest({ cookie: targetCookie, surface: 'route' });
    const after = await getSession();
    expect(after?.multiFactor).toBe(false);
    expect(after?.amr).toEqual(['pwd']);

    // Nothing left to reset → 409; an unknown user → 404.
    expect((await callRoute(resetFactors, { method: 'DELETE', cookie: fresh, params: { id: target.id } })).status).toBe(409);
    expect((await callRoute(resetFactors, { method: 'DELETE', cookie: fresh, params: { id: crypto.randomUUID() } })).status).toBe(404);
  });
});
