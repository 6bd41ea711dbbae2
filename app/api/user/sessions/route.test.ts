import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '@/app/api/user/route';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { sessionCookie } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { DELETE } from './route';

beforeAll(async () => {
  await useFreshBackends();
});

describe('DELETE /api/user/sessions', () => {
  it('signs out every device, this one included, and clears this cookie', async () => {
    const user = await createTestUser();
    const laptop = await sessionCookie(user);
    const phone = await sessionCookie(user);
    const res = await callRoute(DELETE, { method: 'DELETE', cookie: laptop });
    expect(res.status).toBe(204);
    expect(res.cookiesWritten.get(SESSION_COOKIE)).toBe('');
    expect((await callRoute(getMe, { cookie: phone })).status).toBe(401);
    expect((await callRoute(getMe, { cookie: laptop })).status).toBe(401);
  });

  it('401 without a session; 403 cross-site', async () => {
    expect((await callRoute(DELETE, { method: 'DELETE' })).status).toBe(401);
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    expect((await callRoute(DELETE, { method: 'DELETE', cookie, headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    expect((await callRoute(getMe, { cookie })).status).toBe(200);
  });
});
