/**
 * Process-wide counters of database queries and KV calls. Tests and the benchmark read the
 * difference around a call or a request; production responses never expose them (the
 * `/api/internal/counters` route answers 404 unless `APP_COUNTERS=1`).
 *
 * Each database statement and KV call also records when it started and ended (`trackIo`), so the
 * round trips a request waited for in series can be counted, not inferred: see `roundTripsSince`.
 */
export interface Counters {
  dbQueries: number;
  kvReads: number;
  kvWrites: number;
  tokenDecrypts: number;
  /** Database statements and KV calls recorded by `trackIo` so far: the `since` of `roundTripsSince`. */
  ioCalls: number;
}

const globalForCounters = globalThis as typeof globalThis & { __edgeSessionsCounters?: Counters };
const counters: Counters = (globalForCounters.__edgeSessionsCounters ??= {
  dbQueries: 0,
  kvReads: 0,
  kvWrites: 0,
  tokenDecrypts: 0,
  ioCalls: 0,
});

/** The last IO_LOG_SIZE calls, by sequence number (`seq % IO_LOG_SIZE`). */
const IO_LOG_SIZE = 1024;
interface IoCall {
  seq: number;
  start: number;
  /** Infinity while the call is in flight. */
  end: number;
}
const globalForIo = globalThis as typeof globalThis & { __edgeSessionsIoLog?: IoCall[] };
const ioLog: IoCall[] = (globalForIo.__edgeSessionsIoLog ??= []);

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

/**
 * Records one database statement or KV call: started now, ended when `promise` settles. Returns a
 * promise that settles the same way. The cost is two clock reads and a slot in a fixed ring.
 */
export function trackIo<T>(promise: Promise<T>): Promise<T> {
  const call: IoCall = { seq: counters.ioCalls++, start: performance.now(), end: Infinity };
  ioLog[call.seq % IO_LOG_SIZE] = call;
  return promise.finally(() => {
    call.end = performance.now();
  });
}

/**
 * The round trips waited for in series among the calls recorded since `since` (an `ioCalls`
 * value read before a request): the length of the longest chain of calls each starting after the
 * previous one ended. Two reads started together count 1, a read that waited for another 2. Null
 * when some of those calls have already left the ring. Calls still in flight count as ending now.
 */
export function roundTripsSince(since: number): number | null {
  if (since < 0 || since > counters.ioCalls || counters.ioCalls - since > IO_LOG_SIZE) return null;
  const now = performance.now();
  const calls: { start: number; end: number }[] = [];
  for (let seq = since; seq < counters.ioCalls; seq++) {
    const c = ioLog[seq % IO_LOG_SIZE]!;
    calls.push({ start: c.start, end: Math.min(c.end, now) });
  }
  calls.sort((a, b) => a.start - b.start);
  // depth[i]: the longest chain ending with call i (a few calls per request: quadratic is fine).
  const depth: number[] = [];
  let longest = 0;
  calls.forEach((c, i) => {
    let before = 0;
    for (let j = 0; j < i; j++) if (calls[j]!.end <= c.start) before = Math.max(before, depth[j]!);
    depth[i] = before + 1;
    longest = Math.max(longest, depth[i]);
  });
  return longest;
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
    ioCalls: now.ioCalls - before.ioCalls,
  };
}
