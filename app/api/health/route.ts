/**
 * `GET /api/health` → `{ db: { ok, latencyMs }, kv: { ok, latencyMs }, clientAddress: { trusted,
 * reason? } }`; 503 when the database or KV is down (an untrusted client address is reported, not
 * an outage). Public (no session, so uptime monitors can call it), uncached, and cheap: one
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
