// Benchmark overlay (lab variant only, never shipped): database sessions the way Auth.js's
// adapter strategy keeps them, one row per session in `bench_sessions`, looked up (joined with
// its user) in one query on every request that needs the session. Used by the
// /api/bench/db-session route and by the lab's lib/auth overlay (pages and other routes).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import type { Role } from '@/lib/core/roles';

export const DB_SESSION_COOKIE = 'bench.db-session';
let ready: Promise<unknown> | undefined;

function ensureTable() {
  ready ??= (async () => {
    const db = await getDb();
    await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_sessions (
      session_token text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires timestamptz NOT NULL
    )`);
  })();
  return ready;
}

/** The database-session token a Cookie header carries, or null. */
export function dbSessionToken(cookieHeader: string | null): string | null {
  for (const part of (cookieHeader ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === DB_SESSION_COOKIE) return rest.join('=');
  }
  return null;
}

/** Creates a session row for a user; returns the Cookie header pair. */
export async function createDbSession(userId: string): Promise<string> {
  await ensureTable();
  const token = randomBytes(32).toString('hex');
  const db = await getDb();
  await db.execute(sql`INSERT INTO bench_sessions (session_token, user_id, expires) VALUES (${token}, ${userId}, now() + interval '7 days')`);
  return `${DB_SESSION_COOKIE}=${token}`;
}

export interface DbSessionUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
  role: Role;
}

/** Auth.js adapter `getSessionAndUser`: one query per `auth()` call. */
export async function lookupDbSession(token: string): Promise<DbSessionUser | null> {
  const db = await getDb();
  const result = await db.execute(sql`SELECT u.id, u.name, u.email, u.image, u.role
    FROM bench_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.session_token = ${token} AND s.expires > now()`);
  return ((result as unknown as { rows: DbSessionUser[] }).rows[0] as DbSessionUser | undefined) ?? null;
}
