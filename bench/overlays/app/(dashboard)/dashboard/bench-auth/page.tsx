// Benchmark overlay (never shipped): a protected page behind the real dashboard layout that reads
// nothing but the session, so its counters are the auth path's own cost (the dashboard page adds
// its product counts, one query of page data).
import { requireAuth } from '@/lib/auth';

export default async function BenchAuthPage() {
  const session = await requireAuth();
  return <p>Signed in as {session.user.email}</p>;
}
