/**
 * A fresh in-memory PGlite with the committed migrations, and a fresh memory KV, installed as the
 * app's database and KV for the current test file.
 */
import { openDatabase, setDatabaseForTests, type DatabaseHandle } from '@/db/client';
import { createMemoryKv, instrument, setKvForTests, type Kv } from '@/lib/kv';

export interface TestBackends {
  database: DatabaseHandle;
  kv: Kv;
  /** The raw memory store behind `kv` (not counted), for arranging and inspecting state. */
  rawKv: Kv;
}

export async function useFreshBackends(): Promise<TestBackends> {
  const database = await openDatabase({ pgliteDataDir: 'memory://' });
  setDatabaseForTests(database);
  const rawKv = createMemoryKv();
  const kv = instrument(rawKv);
  setKvForTests(kv);
  return { database, kv, rawKv };
}

/** A KV whose every call fails, as when Upstash cannot be reached. */
export function failingKv(): Kv {
  const fail = async (): Promise<never> => {
    throw new Error('connect ECONNREFUSED (injected KV outage)');
  };
  return instrument({ get: fail, mget: fail, set: fail, del: fail, incr: fail });
}
