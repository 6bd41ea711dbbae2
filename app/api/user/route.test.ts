import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { profiles, users } from '@/db/schema';
import { decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import { useFreshBackends, type TestBackends } from '@/tests/helpers/db';
import { callRoute } from '@/tests/helpers/http';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { GET, PATCH } from './route';

let user: TokenSubject;
let other: TokenSubject;
let backends: TestBackends;

beforeAll(async () => {
  backends = await useFreshBackends();
  user = await createTestUser({ name: 'Api Person' });
  other = await createTestUser({ name: 'Other Person' });
});

async function rowsOf(userId: string) {
  const db = await getDb();
  const [row] = await db
    .select({ name: users.name, role: users.role, email: users.email, authzVersion: users.authzVersion, bio: profiles.bio })
    .from(users)
    .innerJoin(profiles, eq(profiles.userId, users.id))
    .where(eq(users.id, userId));
  return row!;
}

const patch = async (body: unknown, cookie?: string, headers?: Record<string, string>) =>
  callRoute(PATCH, { method: 'PATCH', path: '/api/user', cookie, body, headers });

describe('PATCH /api/user', () => {
  it('updates the name and bio of the signed-in user only, returns the public user, and re-issues the cookie', async () => {
    const otherBefore = await rowsOf(other.id);
    const res = await patch({ name: 'Api Renamed', bio: 'Hello\nworld' }, await sessionCookie(user));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.json).toMatchObject({ id: user.id, name: 'Api Renamed', email: user.email, role: 'user', image: null, bio: 'Hello\nworld' });
    expect(Object.keys(res.json).sort()).toEqual(['bio', 'createdAt', 'email', 'id', 'image', 'name', 'role']);
    expect(JSON.stringify(res.json)).not.toMatch(/password|scrypt/i);
    expect(await rowsOf(user.id)).toMatchObject({ name: 'Api Renamed', bio: 'Hello\nworld', authzVersion: user.authzVersion });
    expect(await rowsOf(other.id)).toEqual(otherBefore);

    const token = res.cookiesWritten.get(SESSION_COOKIE);
    const payload = await decodeSessionToken(token!, getEnv().authSecrets, SESSION_COOKIE);
    expect(payload).toMatchObject({ id: user.id, name: 'Api Renamed' });

    const me = await callRoute(GET, { cookie: `${SESSION_COOKIE}=${token}` });
    expect(me.json).toMatchObject({ name: 'Api Renamed' });
  });

  it('changes only the bio when only the bio is sent (no cookie re-issue needed)', async () => {
    const res = await patch({ bio: '  trimmed  ' }, await sessionCookie({ ...user, name: 'Api Renamed' }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ name: 'Api Renamed', bio: 'trimmed' });
    expect(res.cookiesWritten.has(SESSION_COOKIE)).toBe(false);
    expect(await rowsOf(user.id)).toMatchObject({ name: 'Api Renamed', bio: 'trimmed' });
  });

  it('answers 401 without a session or with a forged cookie, changing nothing', async () => {
    const before = await rowsOf(user.id);
    for (const cookie of [undefined, `${SESSION_COOKIE}=forged`]) {
      const res = await patch({ name: 'Intruder' }, cookie);
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: 'Unauthorized' });
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(await rowsOf(user.id)).toEqual(before);
  });

  it('answers 422 with issues for unknown keys, NUL, lone surrogates, lengths in code points and wrong types, changing nothing', async () => {
    const cookie = await sessionCookie(user);
    const before = await rowsOf(user.id);
    const cases: Array<[unknown, Record<string, string[]>]> = [
      [{ name: 'Fine Name', role: 'admin' }, { _: ['Unknown field(s): role'] }],
      [{ email: 'x@example.com' }, { _: ['Unknown field(s): email', 'Send name and/or bio'] }],
      [{ name: 'Nul\u0000Byte' }, { name: ['Name must not contain NUL characters'] }],
      [{ name: 'Bad \uD800 surrogate' }, { name: ['Name contains invalid characters'] }],
      [{ name: '😀'.repeat(51) }, { name: ['Name must be at most 50 characters'] }],
      [{ name: ' a ' }, { name: ['Name must be at least 2 characters'] }],
      [{ bio: '🎉'.repeat(501) }, { bio: ['Bio must be at most 500 characters'] }],
      [{ name: 42 }, { name: ['Name must be text'] }],
      [{}, { _: ['Send name and/or bio'] }],
    ];
    for (const [body, issues] of cases) {
      const res = await patch(body, cookie);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json).toEqual({ error: 'Validation failed', issues });
      expect(res.cookiesWritten.size).toBe(0);
    }
    expect(await rowsOf(user.id)).toEqual(before);
  });

  it('accepts exactly 50 code points of name and 500 of bio even when they are 100 and 1000 UTF-16 units', async () => {
    const res = await patch({ name: '😀'.repeat(50), bio: '🎉'.repeat(500) }, await sessionCookie(user));
    expect(res.status).toBe(200);
    expect(await rowsOf(user.id)).toMatchObject({ name: '😀'.repeat(50), bio: '🎉'.repeat(500) });
  });

  it('refuses non-JSON (415), malformed JSON (400), a non-object (422) and a cross-site write (403)', async () => {
    const cookie = await sessionCookie(user);
    const before = await rowsOf(user.id);
    expect((await patch('name=Form+Post', cookie, { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await patch('{"name": ', cookie)).status).toBe(400);
    expect((await patch('["Array Name"]', cookie)).status).toBe(422);
    expect((await patch({ name: 'Cross Site' }, cookie, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await rowsOf(user.id)).toEqual(before);
  });
});

describe('PATCH /api/user under concurrency', () => {
  it('parallel updates all succeed and the final name and bio come from one and the same request', async () => {
    const racer = await createTestUser({ name: 'Racer Zero' });
    const cookie = await sessionCookie(racer);
    const bodies = Array.from({ length: 12 }, (_, i) => ({ name: `Racer ${i}`, bio: `bio of ${i}` }));
    const results = await Promise.all(bodies.map((b) => patch(b, cookie)));
    expect(results.map((r) => r.status)).toEqual(bodies.map(() => 200));
    const final = await rowsOf(racer.id);
    expect(bodies).toContainEqual({ name: final.name, bio: final.bio });
  });

  it('an update for a user deleted after their token was checked answers 401 and resurrects nothing', async () => {
    const doomed = await createTestUser({ name: 'Doomed Person' });
    const cookie = await sessionCookie(doomed);
    expect((await callRoute(GET, { cookie })).status).toBe(200); // the KV marker now vouches for the token
    const db = await getDb();
    await db.delete(users).where(eq(users.id, doomed.id));
    const res = await patch({ name: 'Ghost Writer', bio: 'boo' }, cookie);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'Unauthorized' });
    expect(await db.$count(users, eq(users.id, doomed.id))).toBe(0);
    expect(await db.$count(profiles, eq(profiles.userId, doomed.id))).toBe(0);
  });
});

describe('PATCH /api/user when the database is down', () => {
  it('answers 503 with the error contract', async () => {
    const cookie = await sessionCookie(user);
    expect((await callRoute(GET, { cookie })).status).toBe(200);
    await backends.database.close();
    const res = await patch({ name: 'During Outage' }, cookie);
    expect(res.status).toBe(503);
    expect(res.json).toEqual({ error: 'Service temporarily unavailable' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.cookiesWritten.size).toBe(0);
  });
});
