// Per-process counters of database queries, KV calls and token decrypts, for tests and the
// benchmark. 404 unless APP_COUNTERS=1: production responses never expose them.
// `?since=<ioCalls>` (a value an earlier read returned) adds `roundTrips`: the database and KV
// round trips waited for in series since then (see `roundTripsSince`), on an otherwise idle server.
import { readCounters, roundTripsSince } from '@/lib/core/counters';
import { json } from '@/lib/api/respond';
import { getEnv } from '@/lib/core/env';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  if (getEnv().APP_COUNTERS !== '1') return json({ error: 'Not found' }, { status: 404 });
  const since = new URL(request.url).searchParams.get('since');
  const counters = readCounters();
  if (since === null || !/^\d{1,15}$/.test(since)) return json(counters);
  return json({ ...counters, roundTrips: roundTripsSince(Number(since)) });
}
