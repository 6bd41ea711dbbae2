// Benchmark overlay (never shipped): a page that only passes `requireAdmin`, for the counts.
import { requireAdmin } from '@/lib/auth';

export default async function BenchAdminPage() {
  const session = await requireAdmin();
  return <p>admin {session.user.email}</p>;
}
