/**
 * The guards every page, server action and route handler calls itself (the middleware is only a
 * convenience). Each returns a narrowed, non-null session so the type system proves the check ran.
 */
import 'server-only';
import { redirect } from 'next/navigation';
import { getUserById, type PublicUser } from '@/db/queries/users';
import { forbidden, mfaEnrollmentRequired, unauthorized } from '@/lib/core/errors';
import { adminMfaRequired, getEnv } from '@/lib/core/env';
import { getSession, lookupSession, type AppSession } from './session';
import { bearerSession, isTokenSession } from './access-tokens';

export type AdminSession = AppSession & { user: AppSession['user'] & { role: 'admin' } };

/** Where a page goes when its cookie stopped being a session: the cookie is cleared there. */
export const SESSION_ENDED_PATH = '/session-ended';

/** Pages and server actions: the session, or a redirect to sign in. */
export async function requireAuth(): Promise<AppSession> {
  const result = await lookupSession();
  if (result.status === 'ok') return result.session;
  if (result.status === 'none') redirect('/login');
  // Where the cookie could not be cleared yet (a page render), the /session-ended route clears it.
  redirect(result.cleared ? '/login?ended=1' : SESSION_ENDED_PATH);
}

/** Where an admin without a second factor is sent under the admin policy: the Security page, which says why. */
export const ADMIN_MFA_ENROL_PATH = '/profile/security?enroll=admin';

/**
 * The admin policy (`REQUIRE_ADMIN_MFA`): an admin session must have used a second factor. Read
 * from the token's methods, which follow the freshness protocol (no database read when fresh).
 */
export function lacksRequiredAdminFactor(session: AppSession): boolean {
  return session.user.role === 'admin' && !session.multiFactor && adminMfaRequired(getEnv());
}

/**
 * Pages and server actions: an admin session, `/login` without a session, `/unauthorized` for a
 * non-admin, and the Security page for an admin whose session used no second factor (the policy).
 */
export async function requireAdmin(): Promise<AdminSession> {
  const session = await requireAuth();
  if (session.user.role !== 'admin') redirect('/unauthorized');
  if (lacksRequiredAdminFactor(session)) redirect(ADMIN_MFA_ENROL_PATH);
  return session as AdminSession;
}

/**
 * Route handlers: the session, or a 401 `AppError`. With an `Authorization` header the personal
 * access token alone decides (`./access-tokens.ts`: 401 when it is not a live token of ours, 429
 * after too many failures); the cookie is then never read. Pages (`requireAuth`) never accept a token.
 */
export async function requireApiSession(): Promise<AppSession> {
  const token = await bearerSession();
  if (token) return token;
  const session = await getSession();
  if (!session) throw unauthorized();
  return session;
}

/** Route handlers: an admin session (or an admin's `write` token), or 401 / 403 (`code: "mfa-enrollment-required"` under the admin policy). */
export async function requireApiAdmin(): Promise<AdminSession> {
  const session = await requireApiSession();
  if (session.user.role !== 'admin') throw forbidden();
  // An admin's token works on admin routes only with the `write` scope. The admin policy applies to
  // tokens too: a token is multi-factor when the session that created it was (its `amr`, refreshed).
  if (isTokenSession(session) && session.tokenScope !== 'write') throw forbidden('Admin routes need a token with the write scope');
  if (lacksRequiredAdminFactor(session)) throw mfaEnrollmentRequired();
  return session as AdminSession;
}

/** The signed-in user's row (public columns), or null. */
export async function getCurrentUser(): Promise<PublicUser | null> {
  const session = await getSession();
  if (!session) return null;
  return getUserById(session.user.id);
}

/** Whether the signed-in user owns a resource. Admin access is a separate, explicit decision. */
export async function checkOwnership(resourceUserId: string): Promise<boolean> {
  const session = await getSession();
  return !!session && session.user.id === resourceUserId;
}
