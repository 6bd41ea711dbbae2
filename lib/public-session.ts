/**
 * Who is signed in, for public pages (`/`, `/login`, `/register`, the 404 page) that only adapt
 * their links and never show private data. When KV or the database cannot tell (a 503 from the
 * freshness check) the page renders as for a visitor rather than failing: nothing is granted by it.
 */
import 'server-only';
import { getSession, type SessionUser } from '@/lib/auth';
import { DEPENDENCY_UNAVAILABLE_DIGEST, toAppError } from '@/lib/core/errors';

export async function signedInUserForPublicPage(): Promise<SessionUser | null> {
  try {
    return (await getSession())?.user ?? null;
  } catch (err) {
    // Decided by digest/status, not `instanceof` (the error may come from another server bundle); anything else is a bug.
    const digest = (err as { digest?: unknown } | null)?.digest;
    if (digest === DEPENDENCY_UNAVAILABLE_DIGEST || toAppError(err).status === 503) return null;
    throw err;
  }
}
