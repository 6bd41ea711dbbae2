/**
 * Helpers for the freshness tests: the target of a Next.js redirect, the session cookie a
 * response wrote, and a counted call.
 */
import { diffCounters, readCounters, type Counters } from '@/lib/core/counters';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { currentRequest } from './request-context';

/** Next.js signals redirects by throwing an error whose digest names the target; null when none. */
export async function redirectTarget(fn: () => Promise<unknown>): Promise<string | null> {
  try {
    await fn();
    return null;
  } catch (err) {
    const digest = (err as { digest?: string }).digest ?? '';
    if (!digest.startsWith('NEXT_REDIRECT')) throw err;
    return digest.split(';')[2] ?? '';
  }
}

/** The session cookie the code under test wrote in this request: a value, '' when cleared, undefined when untouched. */
export function writtenSessionCookie(): string | undefined {
  return currentRequest().written.get(SESSION_COOKIE);
}

/** Runs `fn` and returns its result (or error) with the counters it moved. */
export async function counted<T>(fn: () => Promise<T>): Promise<{ result?: T; error?: unknown; counts: Counters }> {
  const before = readCounters();
  try {
    const result = await fn();
    return { result, counts: diffCounters(before) };
  } catch (error) {
    return { error, counts: diffCounters(before) };
  }
}
