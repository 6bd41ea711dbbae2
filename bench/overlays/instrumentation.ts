// Benchmark overlay (never shipped): wraps the app's own `register()` (renamed to
// instrumentation.app.ts in the scratch copy) and, when BENCH_IO_LATENCY_MS is set, delays every
// PGlite call and every KV call by that many milliseconds; BENCH_SQL_LOG appends each SQL text
// with its parameters to a file (for EXPLAIN). Both exist only in the benchmark's scratch build;
// the slow KV goes in through lib/kv's own replacement hook.
type AnyFn = (this: unknown, ...args: unknown[]) => Promise<unknown>;

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const ms = Number(process.env.BENCH_IO_LATENCY_MS ?? 0);
  const sqlLog = process.env.BENCH_SQL_LOG;
  const delay = () => new Promise((resolve) => setTimeout(resolve, ms));
  if (ms > 0 || sqlLog) {
    const { appendFileSync } = await import('node:fs');
    const { PGlite } = await import('@electric-sql/pglite');
    const proto = PGlite.prototype as unknown as Record<string, AnyFn>;
    for (const name of ['query', 'exec', 'transaction']) {
      const original = proto[name];
      if (!original) continue;
      proto[name] = async function (this: unknown, ...args: unknown[]) {
        if (sqlLog && name === 'query') appendFileSync(sqlLog, `${JSON.stringify({ sql: args[0], params: args[1] ?? [] })}\n`);
        if (ms > 0) await delay();
        return original.apply(this, args);
      };
    }
  }
  if (ms > 0) {
    const { createMemoryKv, instrument, setKvForTests } = await import('@/lib/kv');
    const inner = createMemoryKv() as unknown as Record<string, AnyFn>;
    const slow = Object.fromEntries(
      Object.entries(inner).map(([name, fn]) => [name, async (...args: unknown[]) => (await delay(), fn.apply(inner, args))]),
    );
    setKvForTests(instrument(slow as unknown as Parameters<typeof instrument>[0]));
  }
  // Resolves only in the scratch copy, where the app's file is renamed to instrumentation.app.ts.
  // @ts-expect-error -- missing in the repository itself, by design
  const app: { register(): Promise<void> } = await import('@/instrumentation.app');
  await app.register();
}
