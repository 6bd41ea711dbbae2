// Benchmark overlay (lab variant only, never shipped): the data access layer's entry with two
// stand-ins in front of it. The app's lib/auth/index.ts is renamed to index.app.ts in the scratch
// copy and re-exported whole; the session readers pages and route handlers call answer
// - a request carrying `x-bench-twin: 1` (or `: <user id>`) with a fixed session, without
//   reading the cookie, decrypting or asking KV: the public twin (headers() keeps pages dynamic);
// - a request carrying the `bench.db-session` cookie from a database session: one query (session
//   row joined with its user) before anything else can start, as database sessions do.
// Every other request goes to the app's own functions. `withSession` needs no stand-in: with no
// JWT cookie it has no user id to start reads with, so it runs them after these checks.
import { cache } from 'react';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import type { AppSession } from '@/lib/auth';
import { unauthorized } from '@/lib/core/errors';
import { isUuid } from '@/lib/core/uuid';
import { dbSessionToken, lookupDbSession } from '../bench-db-session';
// @ts-expect-error -- exists only in the scratch copy, where the app's entry is renamed to it
import * as app from './index.app';

// @ts-expect-error -- as above; the declarations below take precedence over these re-exports
export * from './index.app';

const TWIN: AppSession = {
  authzVersion: 0,
  authTime: 0,
  reauthAt: 0,
  amr: ['pwd'],
  multiFactor: false,
  expires: 0,
  sid: '00000000-0000-4000-8000-000000000001',
  needsCookieRefresh: false,
  user: { id: '00000000-0000-4000-8000-000000000000', name: 'Uma User', email: 'user@example.com', image: null, role: 'user', emailVerified: true },
};

/** The stand-in session of this request: a session, null (refused), or undefined (the app decides). */
const standIn = cache(async (): Promise<AppSession | null | undefined> => {
  const h = await headers();
  const twin = h.get('x-bench-twin');
  if (twin === '1') return TWIN;
  if (twin && isUuid(twin)) return { ...TWIN, user: { ...TWIN.user, id: twin } };
  const token = dbSessionToken(h.get('cookie'));
  if (!token) return undefined;
  const user = await lookupDbSession(token);
  return user ? { ...TWIN, user: { ...user, emailVerified: true } } : null;
});

export async function getSession(): Promise<AppSession | null> {
  const s = await standIn();
  return s === undefined ? app.getSession() : s;
}

export async function requireAuth(): Promise<AppSession> {
  const s = await standIn();
  if (s === undefined) return app.requireAuth();
  if (!s) redirect('/login');
  return s;
}

export async function requireApiSession(): Promise<AppSession> {
  const s = await standIn();
  if (s === undefined) return app.requireApiSession();
  if (!s) throw unauthorized();
  return s;
}
