import { Header } from '@/components/header';
import { SessionRefresher } from '@/components/session-refresher';
import { Sidebar } from '@/components/sidebar';
import { UserProvider } from '@/components/user-provider';
import { requireAuth } from '@/lib/auth';

/** Every dashboard page renders inside this check; each page and action checks again for itself. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await requireAuth();
  return (
    <UserProvider user={session.user}>
      {session.needsCookieRefresh ? <SessionRefresher /> : null}
      <div className="flex min-h-screen flex-col md:flex-row">
        <Sidebar user={session.user} />
        <div className="flex min-w-0 flex-1 flex-col">
          <Header user={session.user} />
          <main className="flex-1 overflow-auto p-4 sm:p-6">{children}</main>
        </div>
      </div>
    </UserProvider>
  );
}
