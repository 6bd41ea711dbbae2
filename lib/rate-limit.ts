/**
 * Fixed-window request limits in KV for the mail-sending endpoints (password reset, verification
 * resend): every request counts, in each of its buckets (per address, per client, per user). The
 * sign-in throttle (`lib/auth/throttle.ts`) has its own rules (only failures count per client).
 * KV unreachable → 503: without counters nothing would bound the mail sent.
 */
import 'server-only';
import { DependencyUnavailableError, rateLimited } from '@/lib/core/errors';
import { getKv, isKvUnavailable } from '@/lib/kv';

export interface Bucket {
  /** Stable name of what is counted, e.g. `reset:addr:<email>`. */
  key: string;
  limit: number;
}

/** Counts one request in every bucket; throws 429 (`Retry-After`: the rest of the window) when one is over its limit. */
export async function consumeRateLimit(buckets: Bucket[], windowSeconds: number, at = Date.now()): Promise<void> {
  const index = Math.floor(at / 1000 / windowSeconds);
  const retryAfter = Math.max(1, (index + 1) * windowSeconds - Math.floor(at / 1000));
  let over = false;
  try {
    const kv = await getKv();
    for (const bucket of buckets) {
      const { value } = await kv.incr(`rl:${bucket.key}:${index}`, windowSeconds);
      if (value > bucket.limit) over = true;
    }
  } catch (err) {
    if (isKvUnavailable(err)) throw new DependencyUnavailableError('kv', err);
    throw err;
  }
  if (over) throw rateLimited(retryAfter);
}
