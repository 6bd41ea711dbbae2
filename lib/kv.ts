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
import { countKv } from '@/lib/core/counters';
import { getEnv } from '@/lib/core/env';

export interface Kv {
  get(key: string): Promise<string | null>;
  /** Several keys in one round trip (counted as one read). */
  mget(keys: string[]): Promise<(string | null)[]>;
  /** `nx`: only when the key is missing; returns whether it was written. */
  set(key: string, value: string, options?: { ttlSeconds?: number; nx?: boolean }): Promise<boolean>;
  del(key: string): Promise<void>;
  /** Atomically increments and, when the key is new, sets its TTL. Returns the new value and the seconds left. */
  incr(key: string, ttlSeconds: number): Promise<{ value: number; ttlSeconds: number }>;
}

export class KvUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('KV unavailable', { cause });
    this.name = 'KvUnavailableError';
  }
}

/** Upper bound on one KV call before the caller falls back (architecture: a few hundred ms at most). */
export const KV_TIMEOUT_MS = 250;

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

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KvUnavailableError(new Error(`timed out after ${KV_TIMEOUT_MS} ms`))), KV_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout])
    .catch((err: unknown) => {
      throw err instanceof KvUnavailableError ? err : new KvUnavailableError(err);
    })
    .finally(() => clearTimeout(timer));
}

/** Wraps an adapter with the timeout, the error type and the counters. */
export function instrument(kv: Kv): Kv {
  return {
    get: (key) => (countKv('read'), withTimeout(kv.get(key))),
    mget: (keys) => (countKv('read'), withTimeout(kv.mget(keys))),
    set: (key, value, options) => (countKv('write'), withTimeout(kv.set(key, value, options))),
    del: (key) => (countKv('write'), withTimeout(kv.del(key))),
    incr: (key, ttl) => (countKv('write'), withTimeout(kv.incr(key, ttl))),
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
