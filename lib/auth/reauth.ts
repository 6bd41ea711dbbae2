/**
 * Sudo mode: sensitive actions need an authentication within the last `REAUTH_WINDOW_SECONDS`
 * (default 600), decided from the token's `reauthAt` (no database read). Confirming ("Confirm it's
 * you") re-issues this sign-in's cookie (same `sid`, same `authTime`) with a fresh `reauthAt`.
 */
import 'server-only';
import { getEnv, reauthWindowSeconds } from '@/lib/core/env';
import { reauthenticationRequired } from '@/lib/core/errors';
import type { AppSession } from './session';

const now = () => Math.floor(Date.now() / 1000);

/** Whether this session authenticated recently enough for a sensitive action. */
export function isRecentlyAuthenticated(session: Pick<AppSession, 'reauthAt'>, at = now()): boolean {
  return at - session.reauthAt <= reauthWindowSeconds(getEnv());
}

/** Route handlers and actions: throws 403 `{ code: "reauthentication-required" }` unless recent; nothing is changed. */
export function requireRecentAuthentication(session: Pick<AppSession, 'reauthAt'> & { via?: string }): void {
  // Sudo mode is for cookie sessions: a personal access token's creation needed it (`./access-tokens.ts`).
  if (session.via === 'token') return;
  if (!isRecentlyAuthenticated(session)) throw reauthenticationRequired();
}
