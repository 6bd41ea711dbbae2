/**
 * A sign-out ends the sign-in (security cases 45 and 58, issue 13 points 2–3) against the
 * production build: every cookie descending from that sign-in — re-issued by Auth.js's own
 * `/api/auth/session`, by a profile change, by a stale-claims refresh — is refused afterwards on
 * every surface, and `GET /api/auth/session` never turns one into a fresh cookie. (KV down during
 * a sign-out is proven at handler level in tests/security/sign-out.test.ts and on real processes
 * by the chaos suite: the embedded KV cannot be taken down from outside.)
 */
import { ApiClient } from './support/api-client';
import { DEMO_ADMIN, expect, test } from './support/fixtures';
import { expectClean, registerUser } from './support/security';

const SESSION = 'authjs.session-token';

/** A client signed in as `email`, and a way to read its current session cookie as a header. */
async function signedIn(baseURL: string, email: string, password: string) {
  const client = new ApiClient(baseURL);
  expect((await client.signIn(email, password)).status).toBe(302);
  return { client, cookie: () => `${SESSION}=${client.sessionToken}` };
}

/** A request with exactly this cookie (no jar), and the session cookie it set: value, '' cleared, or undefined. */
async function probe(baseURL: string, path: string, cookie: string, init: RequestInit = {}) {
  const res = await fetch(new URL(path, baseURL), { ...init, headers: { ...(init.headers ?? {}), cookie }, redirect: 'manual' });
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION}=`));
  return { res, text: await res.text(), setSession: line === undefined ? undefined : line.slice(SESSION.length + 1).split(';')[0] };
}

async function signOut(baseURL: string, client: ApiClient, headers: Record<string, string> = { origin: baseURL }) {
  const { csrfToken } = (await (await client.fetch('/api/auth/csrf')).json()) as { csrfToken: string };
  return client.fetch('/api/auth/signout', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ csrfToken }).toString(),
  });
}

test.describe('a sign-out ends the sign-in, not one token', () => {
  test('cookies re-issued by /api/auth/session, a profile change and a stale refresh before the sign-out are all refused after it', async ({ baseURL }) => {
    const member = await registerUser(baseURL!, 'signout');
    const { client, cookie } = await signedIn(baseURL!, member.email, member.password);
    const original = cookie();
    const other = await signedIn(baseURL!, member.email, member.password); // another device

    // Auth.js's own session endpoint re-issues the cookie (new jti, same sign-in).
    const viaSession = await probe(baseURL!, '/api/auth/session', original);
    expect(JSON.parse(viaSession.text)).toMatchObject({ user: { email: member.email } });
    expect(viaSession.setSession).toBeTruthy();
    // A profile change re-issues it with the new name.
    const viaProfile = await probe(baseURL!, '/api/user', original, {
      method: 'PATCH', headers: { 'content-type': 'application/json', origin: baseURL! }, body: JSON.stringify({ name: 'Renamed Member' }),
    });
    expect(viaProfile.res.status).toBe(200);
    // A promotion makes the token stale; the refresh endpoint re-issues it with the new role.
    const admin = await signedIn(baseURL!, DEMO_ADMIN.email, DEMO_ADMIN.password);
    const promoted = await admin.client.fetch(`/api/admin/users/${member.id}`, { method: 'PATCH', json: { role: 'admin' }, headers: { origin: baseURL! } });
    expect(promoted.status).toBe(200);
    const viaRefresh = await probe(baseURL!, '/api/session/refresh', original, { method: 'POST', headers: { origin: baseURL! } });
    expect(viaRefresh.res.status).toBe(200);
    const reissued = [viaSession.setSession, viaProfile.setSession, viaRefresh.setSession].map((v) => `${SESSION}=${v}`);
    for (const c of reissued) expect((await probe(baseURL!, '/api/user', c)).res.status).toBe(200);

    const out = await signOut(baseURL!, client);
    expect(out.status).toBe(302);
    expect(client.sessionToken).toBeUndefined();

    for (const c of [original, ...reissued]) {
      expect((await probe(baseURL!, '/api/user', c)).res.status).toBe(401);
      const revival = await probe(baseURL!, '/api/auth/session', c);
      expect(revival.res.status).toBe(200);
      expect(revival.text).toBe('null');
      expect(revival.setSession ?? '').toBe(''); // cleared or untouched, never a new value
      const page = await probe(baseURL!, '/dashboard', c);
      expect(page.res.status).toBeGreaterThanOrEqual(300);
      expect(page.res.headers.get('location')).toMatch(/\/(login|session-ended)/);
    }
    // The user's other device continues (one database read, then its cookie is re-issued).
    expect((await other.client.fetch('/api/user')).status).toBe(200);
  });

  test('a cross-site sign-out post carrying the cookie is refused with 403 and the sign-in continues', async ({ baseURL }) => {
    const member = await registerUser(baseURL!, 'xsignout');
    const { client, cookie } = await signedIn(baseURL!, member.email, member.password);
    const before = cookie();
    const res = await signOut(baseURL!, client, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expectClean(await res.text());
    expect((await probe(baseURL!, '/api/user', before)).res.status).toBe(200);
  });
});
