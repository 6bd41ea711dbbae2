/**
 * Case 66 (issue 16): ending another user's session by id answers exactly like a missing id, and
 * that session continues; the admin's end-one-session endpoint is admin-only and audited.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog } from '@/db/schema';
import { GET as getMe } from '@/app/api/user/route';
import { DELETE as deleteOwn } from '@/app/api/user/sessions/[id]/route';
import { DELETE as adminEnd } from '@/app/api/admin/users/[id]/sessions/[sessionId]/route';
import { endUserSessionAction } from '@/app/(dashboard)/admin/users/[id]/actions';
import { signOutDeviceAction } from '@/app/(dashboard)/profile/security/actions';
import { useFreshBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, sidOfCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { expectDbUnchanged } from './support';

beforeAll(async () => {
  await useFreshBackends();
});

const form = (fields: Record<string, string>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
};

describe('case 66: another user\'s session id', () => {
  it('API: the same 404 as a missing id, nothing changes, and that session continues', async () => {
    const mallory = await createTestUser();
    const victim = await createTestUser();
    const mine = await sessionCookie(mallory);
    const theirs = await sessionCookie(victim);
    const theirSid = await sidOfCookie(theirs);
    await expectDbUnchanged(async () => {
      const foreign = await callRoute(deleteOwn, { method: 'DELETE', cookie: mine, params: { id: theirSid } });
      const missing = await callRoute(deleteOwn, { method: 'DELETE', cookie: mine, params: { id: crypto.randomUUID() } });
      expect(foreign.status).toBe(404);
      expect(foreign.text).toBe(missing.text);
      expect(missing.status).toBe(404);
    });
    expect((await callRoute(getMe, { cookie: theirs })).status).toBe(200);
    expect((await callRoute(getMe, { cookie: mine })).status).toBe(200);
  });

  it('the page action: a tampered hidden session id gets the same error and changes nothing', async () => {
    const mallory = await createTestUser();
    const victim = await createTestUser();
    const mine = await sessionCookie(mallory);
    const theirs = await sessionCookie(victim);
    await expectDbUnchanged(async () => {
      enterRequest({ cookie: mine, surface: 'action' });
      const state = await signOutDeviceAction({ status: 'idle' }, form({ sessionId: await sidOfCookie(theirs) }));
      expect(state).toMatchObject({ status: 'error', message: 'Session not found' });
    });
    expect((await callRoute(getMe, { cookie: theirs })).status).toBe(200);
  });
});

describe('DELETE /api/admin/users/:id/sessions/:sessionId', () => {
  it('an admin ends one session of a user (audited); the user\'s other session continues', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const user = await createTestUser();
    const adminCookie = await sessionCookie(admin);
    const laptop = await sessionCookie(user);
    const phone = await sessionCookie(user);
    const res = await callRoute(adminEnd, { method: 'DELETE', cookie: adminCookie, params: { id: user.id, sessionId: await sidOfCookie(phone) } });
    expect(res.status).toBe(204);
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: laptop })).status).toBe(200);
    const db = await getDb();
    const entries = await db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, 'user.session_ended')));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorId: admin.id, details: { sessionId: await sidOfCookie(phone) } });
  });

  it('a session id of another user, a missing one, or a malformed one → 404, nothing changes', async () => {
    const admin = await createTestUser({ role: 'admin' });
    const user = await createTestUser();
    const other = await createTestUser();
    const adminCookie = await sessionCookie(admin);
    const otherCookie = await sessionCookie(other);
    await expectDbUnchanged(async () => {
      for (const sessionId of [await sidOfCookie(otherCookie), crypto.randomUUID(), 'nope']) {
        const res = await callRoute(adminEnd, { method: 'DELETE', cookie: adminCookie, params: { id: user.id, sessionId } });
        expect(res.status).toBe(404);
      }
    });
    expect((await callRoute(getMe, { cookie: otherCookie })).status).toBe(200);
  });

  it('non-admins get 403 (API) and are sent to /unauthorized (action); nothing changes', async () => {
    const user = await createTestUser();
    const victim = await createTestUser();
    const cookie = await sessionCookie(user);
    const theirs = await sessionCookie(victim);
    await expectDbUnchanged(async () => {
      const res = await callRoute(adminEnd, { method: 'DELETE', cookie, params: { id: victim.id, sessionId: await sidOfCookie(theirs) } });
      expect(res.status).toBe(403);
      enterRequest({ cookie, surface: 'action' });
      await expect(endUserSessionAction({ status: 'idle' }, form({ userId: victim.id, sessionId: await sidOfCookie(theirs) }))).rejects.toMatchObject({
        digest: expect.stringContaining('/unauthorized'),
      });
    });
    expect((await callRoute(getMe, { cookie: theirs })).status).toBe(200);
  });
});
