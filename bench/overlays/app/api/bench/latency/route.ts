// Benchmark overlay (never shipped; in every variant): POST { kvMs, dbMs } sets the latency the
// instrumentation overlay adds to each KV and database call from the next call on. 404 unless
// the server was started with BENCH_LATENCY=1.
export const dynamic = 'force-dynamic';

const globalForBench = globalThis as typeof globalThis & { __benchLatency?: { kvMs: number; dbMs: number } };

export async function POST(request: Request) {
  const latency = globalForBench.__benchLatency;
  if (process.env.BENCH_LATENCY !== '1' || !latency) return Response.json({ error: 'Not found' }, { status: 404 });
  const body = (await request.json()) as { kvMs?: unknown; dbMs?: unknown };
  const ms = (v: unknown) => (typeof v === 'number' && v >= 0 && v <= 1000 ? v : null);
  const kvMs = ms(body.kvMs);
  const dbMs = ms(body.dbMs);
  if (kvMs === null || dbMs === null) return Response.json({ error: 'kvMs and dbMs: 0..1000' }, { status: 422 });
  Object.assign(latency, { kvMs, dbMs });
  return Response.json(latency);
}
