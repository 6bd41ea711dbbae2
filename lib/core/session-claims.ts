/**
 * The claim shape of a session token (edge-safe): what a token must carry to be a session, the
 * claims a new sign-in starts with, and the sliding / absolute lifetime rules of a re-issue.
 */
import type { JWTPayload } from 'jose';
import { isRole, type Role } from './roles';
import { isUuid } from './uuid';
import { CLOCK_TOLERANCE_SECONDS, SESSION_ABSOLUTE_MAX_AGE_SECONDS, SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS } from './session-token';

const now = () => Math.floor(Date.now() / 1000);

/** What a session token must carry to count as a session. */
export interface SessionClaims {
  id: string;
  /** The sign-in this token descends from (`user_sessions.id`): every re-issue keeps it. */
  sid: string;
  role: Role;
  authzVersion: number;
  /** Seconds since the epoch of the sign-in that started this session (the absolute lifetime counts from it). */
  authTime: number;
  name: string | null;
  email: string | null;
  picture: string | null;
  /** The email was verified when the token was issued (follows the freshness rules like the role). */
  emailVerified: boolean;
  /**
   * How the sign-in authenticated (`lib/core/auth-methods.ts`): `pwd`, `otp`, `rec`, `hwk`, a
   * provider id, and `mfa` when more than one factor was used. Absent in tokens from before second
   * factors: read as a password sign-in.
   */
  amr?: string[];
  iat: number;
  exp: number;
}

/**
 * The session claims of a decrypted payload, or null when it is not a session of ours: no user
 * id, no sign-in id, an unknown role, no authz version, or past the absolute lifetime.
 */
export function readSessionClaims(payload: JWTPayload | null, at = now()): SessionClaims | null {
  if (!payload) return null;
  const { id, sid, role, authzVersion, authTime, name, email, picture, emailVerified, amr, iat, exp } = payload as Record<string, unknown>;
  if (typeof id !== 'string' || !isUuid(id)) return null;
  if (typeof sid !== 'string' || !isUuid(sid)) return null;
  if (!isRole(role)) return null;
  if (typeof authzVersion !== 'number' || !Number.isInteger(authzVersion)) return null;
  if (typeof authTime !== 'number' || authTime > at + CLOCK_TOLERANCE_SECONDS) return null;
  if (authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS <= at) return null;
  if (typeof iat !== 'number' || typeof exp !== 'number') return null;
  return {
    id,
    sid,
    role,
    authzVersion,
    authTime,
    name: typeof name === 'string' ? name : null,
    email: typeof email === 'string' ? email : null,
    picture: typeof picture === 'string' ? picture : null,
    emailVerified: emailVerified === true, // absent in older tokens: unverified until the database says otherwise
    ...(isAuthMethods(amr) ? { amr } : {}),
    iat,
    exp,
  };
}

/** A short list of short method names (the token stays small: at most 4 × 16 characters). */
export function isAuthMethods(value: unknown): value is string[] {
  return Array.isArray(value) && value.length > 0 && value.length <= 4 && value.every((m) => typeof m === 'string' && m.length > 0 && m.length <= 16);
}

/**
 * The latest authentication of the sign-in (`reauthAt`: the sign-in itself, or "Confirm it's you"),
 * for sudo mode (`lib/auth/reauth.ts`). A time in the future or before the sign-in is no
 * authentication: the sign-in's own counts. Node-side only, so the edge gate's bundle stays as it was.
 */
export function reauthTimeOf(payload: JWTPayload, claims: SessionClaims, at = now()): number {
  const { reauthAt } = payload as { reauthAt?: unknown };
  return typeof reauthAt === 'number' && reauthAt >= claims.authTime && reauthAt <= at + CLOCK_TOLERANCE_SECONDS ? reauthAt : claims.authTime;
}

/** True when a token is old enough to be re-issued and a re-issued one would still be within the absolute lifetime. */
export function shouldSlide(claims: SessionClaims, at = now()): boolean {
  return at - claims.iat >= SESSION_UPDATE_AGE_SECONDS && claims.authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS > at;
}

/** The expiry to give a re-issued token: the sliding lifetime, capped by the absolute one. */
export function reissueMaxAge(claims: SessionClaims, at = now()): number {
  return Math.max(0, Math.min(SESSION_MAX_AGE_SECONDS, claims.authTime + SESSION_ABSOLUTE_MAX_AGE_SECONDS - at));
}

/** A display name in a token: the longest the app accepts (`nameSchema`); longer ones (a provider's) are cut. */
export const TOKEN_NAME_MAX = 50;
/** A picture URL in a token: longer ones, or ones that are not plain https URLs, are left out (the page shows initials). */
export const TOKEN_PICTURE_MAX = 1024;

/**
 * The profile claims (display copies the database owns) as a token may carry them: bounded, so no
 * profile can push the cookie past the size the browser keeps (a test mints the largest token).
 */
export function profileClaims(user: { name: string | null; email: string | null; image: string | null }) {
  const { image } = user;
  const picture = image && image.length <= TOKEN_PICTURE_MAX && /^https:\/\/[\x21-\x7e]+$/.test(image) && !/["\\]/.test(image) ? image : null;
  return { name: user.name === null ? null : Array.from(user.name).slice(0, TOKEN_NAME_MAX).join(''), email: user.email, picture };
}

/** Who a new sign-in is for: the database's view of the user at that moment. */
export interface SignInSubject {
  id: string;
  name: string | null;
  email: string | null;
  image: string | null;
  role: Role;
  authzVersion: number;
  emailVerified: boolean;
  /** How this sign-in authenticated (`SessionClaims.amr`); a password alone when absent. */
  amr?: string[];
}

/**
 * The claims of a new sign-in's first token, for Auth.js's `jwt` callback and the direct sign-in
 * alike; the sign-in id (`sid`) is added once the sign-in is recorded.
 */
export function signInClaims(user: SignInSubject, authTime = now()) {
  return {
    sub: user.id,
    id: user.id,
    ...profileClaims(user),
    role: user.role,
    authzVersion: user.authzVersion,
    emailVerified: user.emailVerified,
    amr: isAuthMethods(user.amr) ? user.amr : ['pwd'],
    authTime, // `reauthAt` starts absent: the sign-in is the latest authentication (`reauthTimeOf`)
  };
}
