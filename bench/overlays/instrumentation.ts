// Benchmark overlay (never shipped; in every variant, inert unless switched on): wraps the app's
// own `register()` (renamed to instrumentation.app.ts in the scratch copy).
// - BENCH_LATENCY=1: every PGlite call and every KV call waits first, for the milliseconds in
//   `globalThis.__benchLatency` ({ kvMs, dbMs }), which POST /api/bench/latency changes at run
//   time (the latency phase switches one server between settings instead of starting more);
//   BENCH_KV_LATENCY_MS / BENCH_DB_LATENCY_MS set the starting values. The wait happens inside
//   the app's KV instrumentation and drizzle's statement, so the counters' round-trip log
//   (lib/core/counters) sees each call last as long as it would over a network.
// - BENCH_SQL_LOG appends each SQL text with its parameters to a file (for EXPLAIN).
// The slow KV goes in through lib/kv's own replacement hook, in-memory only (never on the
// Neon/KV path, where the network has latency of its own).
type AnyFn = (this: unknown, ...args: unknown[]) => Promise<unknown>;
type Latency = { kvMs: number; dbMs: number };

const globalForBench = globalThis as typeof globalThis & { __benchLatency?: Latency };
const latency = (globalForBench.__benchLatency ??= { kvMs: 0, dbMs: 0 });
const wait = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined);

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const enabled = process.env.BENCH_LATENCY === '1';
  const sqlLog = process.env.BENCH_SQL_LOG;
  latency.kvMs = Number(process.env.BENCH_KV_LATENCY_MS ?? 0);
  latency.dbMs = Number(process.env.BENCH_DB_LATENCY_MS ?? 0);
  if (enabled || sqlLog) {
    const { appendFileSync } = await import('node:fs');
    const { PGlite } = await import('@electric-sql/pglite');
    const proto = PGlite.prototype as unknown as Record<string, AnyFn>;
    for (const name of ['query', 'exec', 'transaction']) {
      const original = proto[name];
      if (!original) continue;
      proto[name] = async function (this: unknown, ...args: unknown[]) {
        if (sqlLog && name === 'query') appendFileSync(sqlLog, `${JSON.stringify({ sql: args[0], params: args[1] ?? [] })}\n`);
        if (enabled) await wait(latency.dbMs);
        return original.apply(this, args);
      };
    }
  }
  if (enabled) {
    const { createMemoryKv, instrument, setKvForTests } = await import('@/lib/kv');
    const inner = createMemoryKv() as unknown as Record<string, AnyFn>;
    const slow = Object.fromEntries(
      Object.entries(inner).map(([name, fn]) => [name, async (...args: unknown[]) => (await wait(latency.kvMs), fn.apply(inner, args))]),
    );
    setKvForTests(instrument(slow as unknown as Parameters<typeof instrument>[0]));
  }
  // Resolves only in the scratch copy, where the app's file is renamed to instrumentation.app.ts.
  // @ts-expect-error -- missing in the repository itself, by design
  const app: { register(): Promise<void> } = await import('@/instrumentation.app');
  await app.register();
}
