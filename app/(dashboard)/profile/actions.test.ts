import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { profiles, settings, users } from '@/db/schema';
import { getSession } from '@/lib/auth';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { useFreshBackends, type TestBackends } from '@/tests/helpers/db';
import { currentRequest, enterRequest } from '@/tests/helpers/request-context';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { updateProfile, updateSettings } from './actions';
import { redirectTarget } from '@/tests/helpers/freshness';

const idle = { status: 'idle' } as const;

function form(fields: Record<string, string>): FormData {
  const fd = new FormData();
  // Next.js adds its own keys to a progressively enhanced form post; they must not trip the strict schema.
  fd.set('$ACTION_ID_abc', '');
  for (const [k, v] of Object.entries(fields)) fd.set(k, v);
  return fd;
}

async function rowsOf(userId: string) {
  const db = await getDb();
  const [user] = await db.select({ name: users.name, role: users.role, authzVersion: users.authzVersion }).from(users).where(eq(users.id, userId));
  const [profile] = await db.select({ bio: profiles.bio }).from(profiles).where(eq(profiles.userId, userId));
  const [setting] = await db.select({ theme: settings.theme, emailNotifications: settings.emailNotifications }).from(settings).where(eq(settings.userId, userId));
  return { ...user!, bio: profile!.bio, theme: setting!.theme, emailNotifications: setting!.emailNotifications };
}


let user: TokenSubject;
let backends: TestBackends;

beforeAll(async () => {
  backends = await useFreshBackends();
  user = await createTestUser({ name: 'Original Name' });
});

describe('updateProfile', () => {
  it('saves name and bio, revalidates /profile, and re-issues the session cookie with the new name', async () => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    const state = await updateProfile(idle, form({ name: '  Renamed Person ', bio: 'Writes compilers.' }));
    expect(state).toMatchObject({ status: 'success', message: 'Profile saved.', values: { name: 'Renamed Person', bio: 'Writes compilers.' } });
    expect(await rowsOf(user.id)).toMatchObject({ name: 'Renamed Person', bio: 'Writes compilers.', authzVersion: user.authzVersion });
    expect(currentRequest().revalidated).toContain('/profile');

    const token = currentRequest().written.get(SESSION_COOKIE);
    expect(token).toBeTruthy();
    const payload = await decodeSessionToken(token!, getEnv().authSecrets, SESSION_COOKIE);
    expect(payload).toMatchObject({ id: user.id, name: 'Renamed Person', role: 'user', authzVersion: user.authzVersion });

    // The next request with the new cookie sees the new name without asking the database.
    enterRequest({ cookie: `${SESSION_COOKIE}=${token}`, surface: 'page' });
    expect((await getSession())?.user.name).toBe('Renamed Person');
  });

  it('counts code points: 50 emoji is a valid name, a 500-emoji bio is a valid bio', async () => {
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    const state = await updateProfile(idle, form({ name: '😀'.repeat(50), bio: '🎉'.repeat(500) }));
    expect(state.status).toBe('success');
    expect(await rowsOf(user.id)).toMatchObject({ name: '😀'.repeat(50), bio: '🎉'.repeat(500) });
  });

  it('returns field errors and the submitted values for bad input, changing nothing', async () => {
    const before = await rowsOf(user.id);
    const cases: Array<[Record<string, string>, string[]]> = [
      [{ name: 'x', bio: '' }, ['name']],
      [{ name: '😀'.repeat(51), bio: '🎉'.repeat(501) }, ['bio', 'name']],
      [{ name: 'Nul\u0000Name', bio: 'ok' }, ['name']],
      [{ name: 'Fine Name', bio: 'ok', role: 'admin' }, ['_']],
      [{ bio: 'no name at all' }, ['name']],
    ];
    for (const [fields, errorKeys] of cases) {
      enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
      const state = await updateProfile(idle, form(fields));
      expect(state.status).toBe('error');
      expect(Object.keys(state.fieldErrors ?? {}).sort()).toEqual(errorKeys);
      expect(state.values).toMatchObject(fields);
      expect(currentRequest().written.size).toBe(0);
      expect(currentRequest().revalidated).toEqual([]);
    }
    expect((await updateProfileErrorsFor({ name: '😀'.repeat(51), bio: '' })).name).toEqual(['Name must be at most 50 characters']);
    expect((await updateProfileErrorsFor({ name: 'Fine Name', bio: '', role: 'admin' }))._).toEqual(['Unknown field(s): role']);
    expect(await rowsOf(user.id)).toEqual(before);
  });

  it('redirects without a session and for a cookie that is no session, changing nothing', async () => {
    const before = await rowsOf(user.id);
    enterRequest({ surface: 'action' });
    expect(await redirectTarget(() => updateProfile(idle, form({ name: 'Intruder', bio: '' })))).toBe('/login');
    enterRequest({ cookie: `${SESSION_COOKIE}=forged`, surface: 'action' });
    expect(await redirectTarget(() => updateProfile(idle, form({ name: 'Intruder', bio: '' })))).toBe('/session-ended');
    expect(await rowsOf(user.id)).toEqual(before);
  });
});

async function updateProfileErrorsFor(fields: Record<string, string>) {
  enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
  return (await updateProfile(idle, form(fields))).fieldErrors ?? {};
}

describe('updateSettings', () => {
  it('saves theme and notifications and writes the theme cookie the root layout reads', async () => {
    expect(await rowsOf(user.id)).toMatchObject({ theme: 'system', emailNotifications: true });
    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    // An unchecked checkbox is simply absent from the form.
    const off = await updateSettings(idle, form({ theme: 'dark' }));
    expect(off).toMatchObject({ status: 'success', message: 'Settings saved.' });
    expect(await rowsOf(user.id)).toMatchObject({ theme: 'dark', emailNotifications: false });
    expect(currentRequest().written.get('theme')).toBe('dark');
    expect(currentRequest().revalidated).toContain('/profile');

    enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
    await updateSettings(idle, form({ theme: 'light', emailNotifications: 'on' }));
    expect(await rowsOf(user.id)).toMatchObject({ theme: 'light', emailNotifications: true });
    expect(currentRequest().written.get('theme')).toBe('light');
  });

  it('rejects an unknown theme, a forged checkbox value and extra fields, changing nothing', async () => {
    const before = await rowsOf(user.id);
    const cases: Array<Record<string, string>> = [{ theme: 'purple' }, { theme: 'dark', emailNotifications: 'yes' }, { theme: 'dark', role: 'admin' }, {}];
    for (const fields of cases) {
      enterRequest({ cookie: await sessionCookie(user), surface: 'action' });
      const state = await updateSettings(idle, form(fields));
      expect(state.status).toBe('error');
      expect(Object.keys(state.fieldErrors ?? {}).length).toBeGreaterThan(0);
      expect(currentRequest().written.size).toBe(0);
    }
    expect(await rowsOf(user.id)).toEqual(before);
  });

  it('redirects to /login without a session', async () => {
    const before = await rowsOf(user.id);
    enterRequest({ surface: 'action' });
    expect(await redirectTarget(() => updateSettings(idle, form({ theme: 'dark' })))).toBe('/login');
    expect(await rowsOf(user.id)).toEqual(before);
  });
});

describe('when the database is down', () => {
  it('the form keeps its input and says the service is temporarily unavailable', async () => {
    const cookie = await sessionCookie(user);
    enterRequest({ cookie, surface: 'page' });
    expect(await getSession()).not.toBeNull(); // the KV marker now vouches for the token without the database
    await backends.database.close();
    enterRequest({ cookie, surface: 'action' });
    const state = await updateProfile(idle, form({ name: 'During Outage', bio: 'x' }));
    expect(state).toMatchObject({ status: 'error', message: 'Service temporarily unavailable', values: { name: 'During Outage', bio: 'x' } });
    expect(currentRequest().written.size).toBe(0);
  });
});
