/**
 * Real session cookies, minted with Auth.js's own `encode` (same secret, salt and lifetime as the
 * app), for users that exist in the test database. Each minted token is a real sign-in: a
 * `user_sessions` row is inserted and its id is the token's `sid` (pass `sid` in `overrides` to
 * choose it, e.g. to mint a second token of the same sign-in, or `sid: undefined` for none).
 */
import { encode } from 'next-auth/jwt';
import { getDb } from '@/db/client';
import { userSessions } from '@/db/schema';
import { SESSION_ABSOLUTE_MAX_AGE_SECONDS, SESSION_MAX_AGE_SECONDS, decodeSessionToken } from '@/lib/core/session-token';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { getEnv } from '@/lib/core/env';
import type { Role } from '@/lib/core/roles';

export interface TokenSubject {
  id: string;
  name: string;
  email: string;
  role: Role;
  authzVersion: number;
  image?: string | null;
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Inserts a sign-in row for `userId` (what the app's sign-in does, without its ban and floor
 * checks: tests arrange those themselves). A user that does not exist gets a sign-in id that does
 * not exist either, as a token of a deleted user would carry.
 */
export async function createTestSignIn(userId: string, authTime = Math.floor(Date.now() / 1000)): Promise<string> {
  const db = await getDb();
  try {
    const [row] = await db
      .insert(userSessions)
      .values({ userId, expiresAt: new Date((authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS) * 1000), userAgent: 'vitest' })
      .returning({ id: userSessions.id });
    return row!.id;
  } catch (err) {
    const codes = [err, (err as { cause?: unknown }).cause].map((e) => (e as { code?: unknown } | undefined)?.code);
    if (codes.includes(FOREIGN_KEY_VIOLATION)) return crypto.randomUUID();
    throw err;
  }
}

export async function mintToken(
  user: TokenSubject,
  overrides: Record<string, unknown> = {},
  options: { secret?: string | string[]; salt?: string; maxAge?: number } = {},
): Promise<string> {
  const authTime = typeof overrides.authTime === 'number' ? overrides.authTime : Math.floor(Date.now() / 1000);
  const sid = 'sid' in overrides ? overrides.sid : await createTestSignIn(user.id, authTime);
  return encode({
    salt: options.salt ?? SESSION_COOKIE,
    secret: options.secret ?? getEnv().authSecrets,
    maxAge: options.maxAge ?? SESSION_MAX_AGE_SECONDS,
    token: {
      sub: user.id,
      id: user.id,
      sid,
      name: user.name,
      email: user.email,
      picture: user.image ?? null,
      role: user.role,
      authzVersion: user.authzVersion,
      authTime,
      ...overrides,
    },
  });
}

/**
 * `<name>=<token>` for a Cookie header: the plain http name unless told (`HOST_SESSION_COOKIE` for
 * an https origin), the token minted for that name (the cookie name is the key's salt).
 */
export async function sessionCookie(user: TokenSubject, overrides: Record<string, unknown> = {}, name = SESSION_COOKIE): Promise<string> {
  return `${name}=${await mintToken(user, overrides, { salt: name })}`;
}

/** The sign-in id (`sid`) of a `name=token` session cookie pair; throws when it is not a session of ours. */
export async function sidOfCookie(cookie: string): Promise<string> {
  const name = cookie.slice(0, cookie.indexOf('='));
  const payload = await decodeSessionToken(cookie.slice(name.length + 1), getEnv().authSecrets, name);
  if (typeof payload?.sid !== 'string') throw new Error('not a session cookie of ours');
  return payload.sid;
}
