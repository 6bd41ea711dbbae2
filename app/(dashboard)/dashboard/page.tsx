import type { Metadata } from 'next';
import { requireAuth } from '@/lib/auth';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const session = await requireAuth();
  return (
    <div className="flex flex-col gap-2">
      <h1 className="text-2xl font-semibold">Welcome, {session.user.name}</h1>
      <p className="text-slate-600 dark:text-slate-400">Email: {session.user.email}</p>
    </div>
  );
}
