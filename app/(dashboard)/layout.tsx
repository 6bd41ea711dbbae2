import { Header } from '@/components/header';
import { SessionRefresher } from '@/components/session-refresher';
import { Sidebar } from '@/components/sidebar';
import { UserProvider } from '@/components/user-provider';
import { requireAuth } from '@/lib/auth';

/**
 * Every dashboard page renders inside this check; each page and action checks again for itself.
 * Source order is the reading order on a phone (skip link, header, navigation row, content); on
 * wide screens a grid puts the navigation in a column to the left of both.
 */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const session = await requireAuth();
  return (
    <UserProvider user={session.user}>
      {session.needsCookieRefresh ? <SessionRefresher /> : null}
      <a
        href="#main"
        className="sr-only rounded-md bg-indigo-600 px-4 py-2 font-medium text-white focus:not-sr-only focus:fixed focus:left-4 focus:top-4 focus:z-50"
      >
        Skip to main content
      </a>
      <div className="grid min-h-screen grid-cols-1 grid-rows-[auto_auto_1fr] md:grid-cols-[14rem_minmax(0,1fr)] md:grid-rows-[auto_1fr]">
        <div className="md:col-start-2 md:row-start-1">
          <Header />
        </div>
        <div className="md:col-start-1 md:row-span-2 md:row-start-1">
          <Sidebar user={session.user} />
        </div>
        <main id="main" tabIndex={-1} className="min-w-0 p-4 focus:outline-none sm:p-6 md:col-start-2 md:row-start-2">
          {children}
        </main>
      </div>
    </UserProvider>
  );
}
