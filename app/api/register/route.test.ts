import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { profiles, settings, users } from '@/db/schema';
import { callRoute } from '@/tests/helpers/http';
import { useFreshBackends } from '@/tests/helpers/db';
import { POST } from './route';

beforeAll(async () => {
  await useFreshBackends();
});

async function countUsersByEmail(email: string) {
  const db = await getDb();
  return db.$count(users, eq(users.email, email));
}

describe('POST /api/register', () => {
  it('creates the user with profile and settings rows, normalising the email', async () => {
    const res = await callRoute(POST, { method: 'POST', path: '/api/register', body: { name: 'Grace Hopper', email: '  Grace@Example.COM ', password: 'a-long-password' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ user: { name: 'Grace Hopper', email: 'grace@example.com', role: 'user' } });
    expect(JSON.stringify(res.json)).not.toMatch(/password|scrypt/i);
    const db = await getDb();
    const [row] = await db.select().from(users).where(eq(users.email, 'grace@example.com'));
    expect(row?.passwordHash).toMatch(/^scrypt\$/);
    expect(await db.$count(profiles, eq(profiles.userId, row!.id))).toBe(1);
    expect(await db.$count(settings, eq(settings.userId, row!.id))).toBe(1);
  });

  it('answers 409 for a taken email, including a full-width @ spelling of it', async () => {
    const res = await callRoute(POST, { method: 'POST', body: { name: 'Grace Again', email: 'GRACE＠example.com', password: 'another-password' } });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({ error: 'An account with this email already exists' });
    expect(await countUsersByEmail('grace@example.com')).toBe(1);
  });

  it('answers 422 with field issues for bad input and unknown keys, writing nothing', async () => {
    const res = await callRoute(POST, { method: 'POST', body: { name: 'x', email: 'not-an-email', password: 'short', role: 'admin' } });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: 'Validation failed' });
    const issues = (res.json as { issues: Record<string, string[]> }).issues;
    expect(Object.keys(issues).sort()).toEqual(['_', 'email', 'name', 'password'].sort());
    expect(await countUsersByEmail('not-an-email')).toBe(0);
  });

  it('answers 415 for a form-encoded body and 400 for malformed JSON', async () => {
    const form = await callRoute(POST, { method: 'POST', body: 'name=a', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    const broken = await callRoute(POST, { method: 'POST', body: '{"name": ' });
    expect(broken.status).toBe(400);
    expect(broken.json).toEqual({ error: 'Malformed JSON body' });
  });
});
