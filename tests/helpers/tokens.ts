/**
 * Real session cookies, minted with Auth.js's own `encode` (same secret, salt and lifetime as the
 * app), for users that exist in the test database.
 */
import { encode } from 'next-auth/jwt';
import { SESSION_COOKIE, SESSION_MAX_AGE_SECONDS } from '@/lib/core/session-token';
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

export async function mintToken(
  user: TokenSubject,
  overrides: Record<string, unknown> = {},
  options: { secret?: string | string[]; salt?: string; maxAge?: number } = {},
): Promise<string> {
  return encode({
    salt: options.salt ?? SESSION_COOKIE,
    secret: options.secret ?? getEnv().authSecrets,
    maxAge: options.maxAge ?? SESSION_MAX_AGE_SECONDS,
    token: {
      sub: user.id,
      id: user.id,
      name: user.name,
      email: user.email,
      picture: user.image ?? null,
      role: user.role,
      authzVersion: user.authzVersion,
      authTime: Math.floor(Date.now() / 1000),
      ...overrides,
    },
  });
}

/** `authjs.session-token=<token>` for a Cookie header. */
export async function sessionCookie(user: TokenSubject, overrides: Record<string, unknown> = {}): Promise<string> {
  return `${SESSION_COOKIE}=${await mintToken(user, overrides)}`;
}
