/**
 * The "second factor pending" state of a sign-in: the password was right, the account has an
 * authenticator app, and this browser may now finish with a code within 5 minutes, once.
 *
 * - Server side: an `auth_challenges` row (purpose `second_factor`) for that user, carrying the
 *   user's `authzVersion` at the password check and the redirect, bound to this browser
 *   (`ensureCeremonyBinding`), expiring in 5 minutes, taken with `DELETE … RETURNING` on success.
 * - Browser side: an HttpOnly cookie with the row id and user id, encrypted (JWE dir/A256GCM, key
 *   HKDF-SHA256 from AUTH_SECRET for this purpose only, 5 minutes). Another browser (no binding), a
 *   second use (row gone), an expired row, a changed account (version moved, banned, TOTP off) or
 *   a cookie naming another user's row get no session.
 */
import 'server-only';
import { hkdfSync } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { consumeChallengeById, createChallenge } from '@/db/queries/auth-challenges';
import { findLiveChallenge } from '@/db/queries/second-factors';
import type { AuthChallengeRow } from '@/db/schema';
import { getEnv } from '@/lib/core/env';
import { publicOrigin } from '@/lib/core/public-origin';
import { ensureCeremonyBinding, readCeremonyBinding } from './ceremony-binding';

export const PENDING_TTL_SECONDS = 5 * 60;
export const TWO_STEP_COOKIE = 'edge-sessions.two-step';
export const SECURE_TWO_STEP_COOKIE = '__Host-edge-sessions.two-step';
const KEY_INFO = 'edge-sessions second-factor pending state v1';
const PURPOSE = 'second_factor' as const;

const keyOf = (secret: string) => new Uint8Array(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_INFO, 32));
const cookieName = (requestHeaders: Headers) => (publicOrigin(requestHeaders).startsWith('https:') ? SECURE_TWO_STEP_COOKIE : TWO_STEP_COOKIE);

/** The encrypted cookie value naming pending row `rowId` of user `userId`. */
export async function sealPendingState(rowId: string, userId: string, secrets: readonly string[] = getEnv().authSecrets): Promise<string> {
  return new EncryptJWT({ rid: rowId, uid: userId })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${PENDING_TTL_SECONDS}s`)
    .encrypt(keyOf(secrets[0]!));
}

/** The row and user ids of a pending cookie; null when no configured secret opens it or it expired. */
export async function openPendingState(value: string, secrets: readonly string[] = getEnv().authSecrets): Promise<{ rowId: string; userId: string } | null> {
  for (const secret of secrets) {
    try {
      const { payload } = await jwtDecrypt(value, keyOf(secret), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      if (typeof payload.rid === 'string' && typeof payload.uid === 'string') return { rowId: payload.rid, userId: payload.uid };
      return null;
    } catch {
      // another secret, or not ours
    }
  }
  return null;
}

export interface PendingSignIn {
  userId: string;
  authzVersion: number;
  callbackUrl?: string;
}

/** Starts the second step for this browser (route handlers and actions: cookies are written). */
export async function startPendingSecondFactor(pending: PendingSignIn): Promise<void> {
  const bindingHash = await ensureCeremonyBinding();
  const rowId = await createChallenge({
    purpose: PURPOSE,
    userId: pending.userId,
    bindingHash,
    data: { authzVersion: pending.authzVersion, ...(pending.callbackUrl ? { callbackUrl: pending.callbackUrl } : {}) },
    ttlSeconds: PENDING_TTL_SECONDS,
  });
  const name = cookieName(await headers());
  (await cookies()).set(name, await sealPendingState(rowId, pending.userId), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: name.startsWith('__Host-'),
    maxAge: PENDING_TTL_SECONDS,
  });
}

export interface LivePending {
  row: AuthChallengeRow;
  bindingHash: string;
  userId: string;
  authzVersion: number;
  callbackUrl?: string;
}

/** This browser's live pending state (read, not taken); null when it has none that is valid. */
export async function readPendingSecondFactor(): Promise<LivePending | null> {
  const value = (await cookies()).get(cookieName(await headers()))?.value;
  if (!value) return null;
  const opened = await openPendingState(value);
  const bindingHash = await readCeremonyBinding();
  if (!opened || !bindingHash || !/^[0-9a-f-]{36}$/i.test(opened.rowId)) return null;
  const row = await findLiveChallenge(opened.rowId, PURPOSE, bindingHash);
  if (!row || row.userId !== opened.userId) return null;
  const authzVersion = typeof row.data.authzVersion === 'number' ? row.data.authzVersion : NaN;
  const callbackUrl = typeof row.data.callbackUrl === 'string' ? row.data.callbackUrl : undefined;
  return { row, bindingHash, userId: opened.userId, authzVersion, callbackUrl };
}

/** Takes the pending row (single use); false when another request took it first or it expired meanwhile. */
export async function consumePendingSecondFactor(pending: LivePending): Promise<boolean> {
  const taken = await consumeChallengeById(pending.row.id, PURPOSE, pending.bindingHash);
  return taken !== null && taken.userId === pending.userId;
}

/** Whether this browser carries a pending-state cookie at all (the two-step page). */
export async function hasPendingCookie(): Promise<boolean> {
  return !!(await cookies()).get(cookieName(await headers()))?.value;
}

/** Clears the pending cookie (after success); best effort where cookies cannot be written. */
export async function clearPendingCookie(): Promise<void> {
  try {
    (await cookies()).delete(cookieName(await headers()));
  } catch {
    // a render
  }
}
