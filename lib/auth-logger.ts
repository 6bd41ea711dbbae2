/**
 * Auth.js's `logger`: a quiet, useful server log. Expected events are one line each and never a
 * stack trace: a refused sign-in (wrong password, throttled, unavailable: Auth.js's
 * `CredentialsSignin` with our `code`), other client-side refusals (a missing CSRF token, an unknown
 * action or method, a denied OAuth sign-in) and a session cookie that no longer decrypts (expired, tampered, an old secret,
 * already signed out), and a dependency outage the route already answered with 503. Everything else is a real error and keeps Auth.js's full report with its stack.
 * Classified by the error's `type` and name, not `instanceof` (Auth.js may be bundled twice).
 */
import type { NextAuthConfig } from 'next-auth';
import { isDependencyUnavailable } from '@/lib/core/errors';

type AuthLogger = NonNullable<NextAuthConfig['logger']>;
type Reported = Error & { type?: string; code?: string; cause?: unknown };

const CLIENT_REFUSALS = new Set(['CredentialsSignin', 'MissingCSRF', 'AccessDenied', 'OAuthAccountNotLinked', 'Verification', 'UnknownAction']);
/** Auth.js wraps a cookie it could not read in one of these (`cause.err` is the reason). */
const COOKIE_PROBLEMS = new Set(['JWTSessionError', 'SessionTokenError', 'SignOutError']);
/**
 * jose's errors for a token that is not (or no longer) ours, and Auth.js's own "Invalid JWT". By
 * message too: class names are minified in the production build.
 */
const UNREADABLE_TOKEN = /^(JWE|JWT|JOSE|JWS)|Invalid (JWT|Compact JWE)|decryption|claim timestamp check failed/i;

function causeOf(error: Reported): Error | undefined {
  const err = (error.cause as { err?: unknown } | undefined)?.err;
  return err instanceof Error ? err : undefined;
}

/** The one line for an expected event, or undefined when the error must be reported in full. */
export function expectedAuthEvent(error: Reported): string | undefined {
  const type = error.type ?? error.name;
  if (type === 'CredentialsSignin') return `[auth] sign-in refused (${error.code ?? 'invalid'})`;
  if (CLIENT_REFUSALS.has(type)) return `[auth] ${type}: request refused`;
  const cause = causeOf(error);
  // The Auth.js route has already answered these with a 503 (lib/auth/authjs-token.ts).
  if (cause && isDependencyUnavailable(cause)) return `[auth] ${type}: a dependency is unavailable (answered 503)`;
  if (COOKIE_PROBLEMS.has(type) && cause && (UNREADABLE_TOKEN.test(cause.name) || UNREADABLE_TOKEN.test(cause.message))) {
    return `[auth] ${type}: session cookie not accepted (${cause.message})`;
  }
  return undefined;
}

export const authLogger: AuthLogger = {
  error(error: Reported) {
    const line = expectedAuthEvent(error);
    if (line) {
      console.warn(line);
      return;
    }
    const cause = causeOf(error);
    console.error(`[auth][error] ${error.type ?? error.name}: ${error.message}`, cause ?? error);
  },
};
