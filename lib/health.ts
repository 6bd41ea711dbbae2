/**
 * Liveness of the two backends for `GET /api/health`: one `select 1` and one KV read, timed,
 * each bounded so an uptime probe never hangs. Reports only ok + latency: no error text, hosts
 * or versions leave the server. Also whether the client address is trusted (without it the
 * per-client abuse limits are off), so an operator sees it without reading the log.
 */
import 'server-only';
import { pingDatabase } from '@/db/queries/health';
import { clientAddressSource, type ClientAddressSource } from '@/lib/client-address';
import { getKv } from '@/lib/kv';

export interface ProbeResult {
  ok: boolean;
  latencyMs: number;
}

export interface HealthReport {
  db: ProbeResult;
  kv: ProbeResult;
  clientAddress: ClientAddressSource;
}

/** Past this a probe counts as down (the KV adapter has its own, shorter, timeout). */
export const HEALTH_TIMEOUT_MS = 2_000;

async function probe(check: () => Promise<unknown>): Promise<ProbeResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), HEALTH_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkHealth(): Promise<HealthReport> {
  const [db, kv] = await Promise.all([probe(pingDatabase), probe(async () => (await getKv()).get('health:probe'))]);
  return { db, kv, clientAddress: clientAddressSource() };
}
