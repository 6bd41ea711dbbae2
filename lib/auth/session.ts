/**
 * `getSession()`: the one way server code reads who is signed in. Memoised per request (React
 * `cache`), it decrypts the cookie once, then asks `checkFreshness` whether the token still
 * speaks for its user. Steady state: 0 database queries and 1 KV read.
 */
import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { countTokenDecrypt } from '@/lib/core/counters';
import { reauthTimeOf, shouldSlide } from '@/lib/core/session-claims';
import { isMultiFactor, PASSWORD_METHODS } from '@/lib/core/auth-methods';
import { GATE_DECISION_HEADER } from '@/lib/core/routes';
import { traceDecision, type DecisionRecorder } from '@/lib/telemetry';
import type { SessionUser } from './session-types';
import { checkFreshness } from './freshness';
import { claimsOf, clearSessionCookie, readSessionCookie, reissueSession } from './session-cookie';

export type { SessionUser } from './session-types';

export interface AppSession {
  user: SessionUser;
  authzVersion: number;
  /** Seconds since the epoch of the sign-in. */
  authTime: number;
  /** Seconds since the epoch of the latest authentication (sign-in or "Confirm it's you"): sudo mode. */
  reauthAt: number;
  /** How the sign-in authenticated (`lib/core/auth-methods.ts`), with factors the account lost removed. */
  amr: string[];
  /** The sign-in used more than one factor (`amr` has `mfa`): the admin policy. */
  multiFactor: boolean;
  /** Seconds since the epoch when the token expires. */
  expires: number;
  /** The sign-in this token descends from (`user_sessions.id`): what a sign-out ends. */
  sid: string;
  /** The role changed but this surface could not re-issue the cookie (a page render): ask the client to refresh it. */
  needsCookieRefresh: boolean;
}

export type SessionLookup =
  | { status: 'none' }
  /**
   * A cookie was present but is not (or no longer) a session: bad, expired, signed out, banned,
   * deleted. `cleared`: this surface could already delete the cookie (actions, route handlers).
   */
  | { status: 'invalid'; cleared?: boolean }
  | { status: 'ok'; session: AppSession };

/**
 * This request's session cookie, decrypted once (no I/O): shared by the lookup and by
 * `withSession`, which starts reads keyed by the token's user id while the lookup decides.
 */
export const requestSessionCookie = cache(readSessionCookie);

const gateDecision = async () => (await headers()).get(GATE_DECISION_HEADER);

const lookup = (): Promise<SessionLookup> => traceDecision(decide, gateDecision);

async function decide(recorder: DecisionRecorder): Promise<SessionLookup> {
  const cookie = await requestSessionCookie();
  if (!cookie) {
    recorder.decision('anonymous');
    return { status: 'none' };
  }
  countTokenDecrypt();
  const { payload, claims } = cookie;
  if (!payload || !claims) {
    recorder.decision('anonymous');
    return { status: 'invalid' };
  }
  const freshness = await checkFreshness(claims, recorder);
  recorder.decision(freshness.kind);
  if (freshness.kind === 'revoked') {
    return { status: 'invalid', cleared: await clearSessionCookie() };
  }

  const base = {
    authTime: claims.authTime,
    reauthAt: reauthTimeOf(payload, claims),
    expires: claims.exp,
    sid: claims.sid,
    needsCookieRefresh: false,
  };
  if (freshness.kind === 'fresh') {
    // Sliding expiry, here rather than in the edge gate (whose bundle stays decrypt-only): once a
    // token is older than the update age it is re-issued where cookies can be written, and a page
    // render asks the browser to fetch it once (`needsCookieRefresh`).
    const needsCookieRefresh = shouldSlide(claims) && !(await reissueSession(claims.id, {}, cookie));
    const amr = claims.amr ?? PASSWORD_METHODS;
    return {
      status: 'ok',
      session: {
        ...base,
        amr,
        multiFactor: isMultiFactor(amr),
        needsCookieRefresh,
        authzVersion: claims.authzVersion,
        user: { id: claims.id, name: claims.name ?? '', email: claims.email ?? '', image: claims.picture, role: claims.role, emailVerified: claims.emailVerified },
      },
    };
  }

  // Stale: the database decides this request, and the cookie is re-issued with the fresh claims.
  const fresh = freshness.user;
  const update = claimsOf(fresh, claims.amr);
  const reissued = await reissueSession(claims.id, update, cookie);
  const amr = update.amr ?? PASSWORD_METHODS;
  return {
    status: 'ok',
    session: {
      ...base,
      amr,
      multiFactor: isMultiFactor(amr),
      authzVersion: fresh.authzVersion,
      needsCookieRefresh: !reissued,
      user: { id: fresh.id, name: fresh.name, email: fresh.email, image: fresh.image, role: fresh.role, emailVerified: fresh.emailVerifiedAt !== null },
    },
  };
}

/** The session lookup for this request, computed at most once per request. */
export const lookupSession = cache(lookup);

/** The current session, or null. Throws `DependencyUnavailableError` (503) when it cannot decide. */
export async function getSession(): Promise<AppSession | null> {
  const result = await lookupSession();
  return result.status === 'ok' ? result.session : null;
}
