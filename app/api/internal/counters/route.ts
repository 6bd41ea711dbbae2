// Per-process counters of database queries, KV calls and token decrypts, for tests and the
// benchmark. 404 unless APP_COUNTERS=1: production responses never expose them.
import { readCounters } from '@/lib/core/counters';
import { json } from '@/lib/api/respond';
import { getEnv } from '@/lib/core/env';

export const dynamic = 'force-dynamic';

export function GET() {
  if (getEnv().APP_COUNTERS !== '1') return json({ error: 'Not found' }, { status: 404 });
  return json(readCounters());
}
