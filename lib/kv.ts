/**
 * Key-value store: the only file that knows Vercel KV from the in-process memory adapter.
 *
 * - `KV_REST_API_URL` + `KV_REST_API_TOKEN` set → `@vercel/kv` (Upstash Redis over REST).
 * - otherwise → an in-process Map with TTLs (embedded default; one process only, refused on
 *   Vercel by `lib/env.ts`).
 *
 * Every call is bounded by a timeout and counted; a failure or timeout throws `KvUnavailableError`
 * so callers can fall back to the database instead of guessing.
 */
import 'server-only';
import { countKv, trackIo } from '@/lib/core/counters';
import { getEnv } from '@/lib/core/env';
import { isKvUnavailable, KvUnavailableError } from '@/lib/core/errors';

export interface Kv {
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip (counted as one read). */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** `nx`: only when the key is missing; returns whether it was written. */
  set(key: string, value: string, options?: { ttlSeconds?: number; nx?: boolean }): Promise<boolean>;
  del(key: string): Promise<void>;
  /**
   * Raise-only write: stores `value` (with the TTL) unless the key already holds a number at
   * least as large, atomically. Returns the value the key holds afterwards. A late or retried
   * write of an older version can therefore never replace a newer one (the authz marker).
   */
  setMax(key: string, value: number, ttlSeconds: number): Promise<number>;
  /** Atomically increments and, when the key is new, sets its TTL. Returns the new value and the seconds left. */
  incr(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }>;
}

// Defined in the leaf layer and recognised with `isKvUnavailable` (a code), never `instanceof`.
export { KvUnavailableError, isKvUnavailable } from '@/lib/core/errors';

/** Upper bound on one KV call before the caller falls back (architecture: a few hundred ms at most). */
export const KV_TIMEOUT_MS = 250;
/** However late timers run on a saturated server, a KV call is given up after this long in total. */
export const KV_MAX_WAIT_MS = 4 * KV_TIMEOUT_MS;
/** Timers run a little late on an idle loop too; beyond this the loop was busy elsewhere. */
const LAG_TOLERANCE_MS = 25;

export function createMemoryKv(now: () => number = Date.now): Kv {
  const store = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const entry = store.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now()) {
      store.delete(key);
      return undefined;
    }
    return entry;
  };
  // Expired keys are dropped on read and by an occasional sweep, so the map cannot grow forever.
  let writes = 0;
  const sweep = () => {
    if (++writes % 1000 !== 0) return;
    const t = now();
    for (const [k, e] of store) if (e.expiresAt <= t) store.delete(k);
  };
  return {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async mget(keys) {
      return keys.map((k) => live(k)?.value ?? null);
    },
    async set(key, value, options = {}) {
      if (options.nx && live(key)) return false;
      sweep();
      store.set(key, { value, expiresAt: options.ttlSeconds ? now() + options.ttlSeconds * 1000 : Infinity });
      return true;
    },
    async del(key) {
      store.delete(key);
    },
    async setMax(key, value, ttlSeconds) {
      // One synchronous step: nothing can interleave between the read and the write (as in Lua).
      const current = Number(live(key)?.value);
      if (Number.isFinite(current) && current >= value) return current;
      sweep();
      store.set(key, { value: String(value), expiresAt: now() + ttlSeconds * 1000 });
      return value;
    },
    async incr(key, ttlSeconds) {
      const entry = live(key);
      sweep();
      if (!entry) {
        store.set(key, { value: '1', expiresAt: now() + ttlSeconds * 1000 });
        return { value: 1, ttlSeconds };
      }
      entry.value = String(Number(entry.value) + 1);
      return { value: Number(entry.value), ttlSeconds: Math.max(1, Math.ceil((entry.expiresAt - now()) / 1000)) };
    },
  };
}

/**
 * `setMax` on Redis: one script, so the compare and the write are atomic on the server. A value
 * that is not a number (never written by us) is replaced.
 */
export const SET_MAX_SCRIPT = `local current = tonumber(redis.call('GET', KEYS[1]))
local value = tonumber(ARGV[1])
if current and current >= value then return current end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return value`;

export async function createVercelKv(url: string, token: string): Promise<Kv> {
  const { createClient } = await import('@vercel/kv');
  // Values are stored and read as plain strings; the client must not JSON-decode them. One quick
  // retry only: past KV_TIMEOUT_MS the caller has already fallen back, so the client's default
  // (5 retries over seconds) would only keep hitting an endpoint that is down.
  const client = createClient({ url, token, automaticDeserialization: false, retry: { retries: 1, backoff: () => 25 } });
  return {
    async get(key) {
      const v = await client.get<string>(key);
      return v === null || v === undefined ? null : String(v);
    },
    async mget(keys) {
      const values = await client.mget<(string | null)[]>(...keys);
      return values.map((v) => (v === null || v === undefined ? null : String(v)));
    },
    async set(key, value, options = {}) {
      const opts = options.ttlSeconds ? { ex: options.ttlSeconds } : {};
      const res = options.nx ? await client.set(key, value, { ...opts, nx: true }) : await client.set(key, value, opts);
      return res === 'OK';
    },
    async del(key) {
      await client.del(key);
    },
    async setMax(key, value, ttlSeconds) {
      return Number(await client.eval(SET_MAX_SCRIPT, [key], [String(value), String(ttlSeconds)]));
    },
    async incr(key, ttlSeconds) {
      // One round trip, atomic: INCR, set the TTL only when the key has none, read the TTL.
      const tx = client.multi();
      tx.incr(key);
      tx.expire(key, ttlSeconds, 'NX');
      tx.ttl(key);
      const [value, , ttl] = (await tx.exec()) as [number, number, number];
      return { value: Number(value), ttlSeconds: Math.max(1, Number(ttl)) };
    },
  };
}

/**
 * Bounds a KV call by the time the *dependency* took, not the time this process was busy: on a
 * saturated server (40 clients on 2 cores) the timer can fire while the answer is already sitting
 * in the socket, waiting for the event loop. So when the timer fires it first yields once
 * (`setImmediate` runs after this turn's I/O callbacks, so arrived answers settle first), then, if
 * the timer ran late, gives the call back the time the loop was busy (at most `maxWaitMs` in all).
 * A call that hangs on an idle loop still fails after `timeoutMs`.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs = KV_TIMEOUT_MS, maxWaitMs = KV_MAX_WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = performance.now();
    let deadline = started + timeoutMs;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      finish();
    };
    const onTimer = () =>
      setImmediate(() => {
        if (settled) return;
        const now = performance.now();
        const lag = now - deadline;
        if (lag > LAG_TOLERANCE_MS && now - started < maxWaitMs) {
          deadline = Math.min(now + lag, started + maxWaitMs);
          timer = setTimeout(onTimer, Math.max(1, deadline - now));
          return;
        }
        settle(() => reject(new KvUnavailableError(new Error(`timed out after ${Math.round(now - started)} ms`))));
      });
    timer = setTimeout(onTimer, timeoutMs);
    promise.then(
      (value) => settle(() => resolve(value)),
      (err: unknown) => settle(() => reject(isKvUnavailable(err) ? err : new KvUnavailableError(err))),
    );
  });
}

/** Wraps an adapter with the timeout, the error type, the counters and the round-trip log. */
export function instrument(kv: Kv): Kv {
  return {
    get: (key) => (countKv('read'), trackIo(withTimeout(kv.get(key)))),
    mget: (keys) => (countKv('read'), trackIo(withTimeout(kv.mget(keys)))),
    set: (key, value, options) => (countKv('write'), trackIo(withTimeout(kv.set(key, value, options)))),
    del: (key) => (countKv('write'), trackIo(withTimeout(kv.del(key)))),
    setMax: (key, value, ttl) => (countKv('write'), trackIo(withTimeout(kv.setMax(key, value, ttl)))),
    incr: (key, ttl) => (countKv('write'), trackIo(withTimeout(kv.incr(key, ttl)))),
  };
}

const globalForKv = globalThis as typeof globalThis & { __edgeSessionsKv?: Promise<Kv> };

async function createDefaultKv(): Promise<Kv> {
  const env = getEnv();
  if (env.KV_REST_API_URL && env.KV_REST_API_TOKEN) return instrument(await createVercelKv(env.KV_REST_API_URL, env.KV_REST_API_TOKEN));
  return instrument(createMemoryKv());
}

/** The process-wide KV store. */
export function getKv(): Promise<Kv> {
  globalForKv.__edgeSessionsKv ??= createDefaultKv();
  return globalForKv.__edgeSessionsKv;
}

/** Test hook: replace the store (wrap it with `instrument` to keep counters and timeouts). */
export function setKvForTests(kv: Kv | undefined): void {
  globalForKv.__edgeSessionsKv = kv ? Promise.resolve(kv) : undefined;
}
