/**
 * Process-wide counters of database queries and KV calls. Tests and the benchmark read the
 * difference around a call or a request; production responses never expose them (the
 * `/api/internal/counters` route answers 404 unless `APP_COUNTERS=1`).
 */
export interface Counters {
  dbQueries: number;
  kvReads: number;
  kvWrites: number;
  tokenDecrypts: number;
}

const globalForCounters = globalThis as typeof globalThis & { __edgeSessionsCounters?: Counters };
const counters: Counters = (globalForCounters.__edgeSessionsCounters ??= {
  dbQueries: 0,
  kvReads: 0,
  kvWrites: 0,
  tokenDecrypts: 0,
});

export function countDbQuery(): void {
  counters.dbQueries++;
}
export function countKv(kind: 'read' | 'write'): void {
  if (kind === 'read') counters.kvReads++;
  else counters.kvWrites++;
}
export function countTokenDecrypt(): void {
  counters.tokenDecrypts++;
}

export function readCounters(): Counters {
  return { ...counters };
}

/** The change in every counter since `before`. */
export function diffCounters(before: Counters): Counters {
  const now = readCounters();
  return {
    dbQueries: now.dbQueries - before.dbQueries,
    kvReads: now.kvReads - before.kvReads,
    kvWrites: now.kvWrites - before.kvWrites,
    tokenDecrypts: now.tokenDecrypts - before.tokenDecrypts,
  };
}
