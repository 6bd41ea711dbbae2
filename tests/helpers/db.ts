/**
 * Fresh backends for the current test file, installed as the app's database and KV.
 *
 * - default: an in-memory PGlite with the committed migrations and a memory KV (no services).
 * - `TEST_BACKEND=services` (`npm run test:services`): the production drivers against real
 *   servers — a new database on the local PostgreSQL, migrated with the same migrator as
 *   `npm run db:migrate`, opened with the app's own `openDatabase` (Neon `Pool` + drizzle through
 *   the WebSocket bridge), and `@vercel/kv` through the shipped adapter against the Upstash REST
 *   endpoint in front of the local Redis (a Redis database of this process's own, flushed).
 */
import { openDatabase, setDatabaseForTests, type DatabaseHandle } from '@/db/client';
import { migrateDatabase } from '@/db/migrator';
import { createMemoryKv, createVercelKv, instrument, setKvForTests, type Kv } from '@/lib/kv';
import { createFreshDatabase, flushRedisDb, startServicesHarness } from '@/tests/services/harness';

export type TestBackendName = 'memory' | 'services';

export interface TestBackends {
  backend: TestBackendName;
  database: DatabaseHandle;
  kv: Kv;
  /** The adapter behind `kv` (not counted, no timeout), for arranging and inspecting state. */
  rawKv: Kv;
}

/** Which backends this run uses (`TEST_BACKEND=services` for the real servers). */
export function testBackend(): TestBackendName {
  return process.env.TEST_BACKEND === 'services' ? 'services' : 'memory';
}

export async function useFreshBackends(): Promise<TestBackends> {
  if (testBackend() === 'services') return openServiceBackends();
  const database = await openDatabase({ pgliteDataDir: 'memory://' });
  setDatabaseForTests(database);
  const rawKv = createMemoryKv();
  const kv = instrument(rawKv);
  setKvForTests(kv);
  return { backend: 'memory', database, kv, rawKv };
}

async function openServiceBackends(): Promise<TestBackends> {
  const { bridge, rest, redisDb } = await startServicesHarness();
  // Earlier databases of this file stay: a test may still hold their handle. `npm run
  // test:services` drops them all when the run ends.
  const fresh = await createFreshDatabase(bridge.proxy);
  await migrateDatabase({ databaseUrl: fresh.url, neonWsProxy: bridge.proxy });
  const database = await openDatabase({ databaseUrl: fresh.url, neonWsProxy: bridge.proxy });
  setDatabaseForTests(database);
  await flushRedisDb(redisDb);
  const rawKv = await createVercelKv(rest.url, rest.token);
  const kv = instrument(rawKv);
  setKvForTests(kv);
  return { backend: 'services', database, kv, rawKv };
}

/** A KV whose every call fails, as when Upstash cannot be reached. */
export function failingKv(): Kv {
  const fail = async (): Promise<never> => {
    throw new Error('connect ECONNREFUSED (injected KV outage)');
  };
  return instrument({ get: fail, mget: fail, set: fail, del: fail, setMax: fail, incr: fail });
}
