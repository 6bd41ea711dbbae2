// Benchmark overlay (never shipped): one render that reads the session many times, through
// every entry point, to count how many token decrypts one request costs.
import { getCurrentUser, getSession, requireAuth } from '@/lib/auth';

const READS = 8;

async function Reader({ n }: { n: number }) {
  const session = await getSession();
  return <li>read {n}: {session?.user.email}</li>;
}

export default async function BenchMultiPage() {
  const first = await requireAuth();
  const user = await getCurrentUser();
  return (
    <div>
      <p>
        {first.user.email} {user?.email}
      </p>
      <ul>
        {Array.from({ length: READS }, (_, i) => (
          <Reader key={i} n={i} />
        ))}
      </ul>
    </div>
  );
}
