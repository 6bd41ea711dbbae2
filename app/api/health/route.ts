/**
 * `GET /api/health` → `{ db: { ok, latencyMs }, kv: { ok, latencyMs } }`; 503 when either is
 * down. Public (no session, so uptime monitors can call it), uncached, and cheap: one
 * `select 1` and one KV read.
 */
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { checkHealth } from '@/lib/health';

export const dynamic = 'force-dynamic';

export const GET = handler({ access: 'public' }, async () => {
  const report = await checkHealth();
  return json(report, { status: report.db.ok && report.kv.ok ? 200 : 503 });
});
