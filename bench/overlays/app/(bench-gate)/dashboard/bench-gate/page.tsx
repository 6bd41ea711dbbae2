// Benchmark overlay (never shipped), built into every variant: the light protected page the gate
// targets are judged on. It sits under the gate's `/dashboard` prefix but outside the dashboard
// layout (root layout only) and reads nothing but the session, so what differs between variants is
// the middleware, not page work. `/dashboard` itself (layout + product counts) is measured beside it.
import { requireAuth } from '@/lib/auth';

export default async function BenchGatePage() {
  const session = await requireAuth();
  return <p>{`Signed in as ${session.user.email}`}</p>;
}
