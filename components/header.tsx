import Link from 'next/link';
import { AccountMenu } from './account-menu';

/**
 * Top bar of the dashboard: the app name (on a phone, where the sidebar's is hidden) and the account
 * menu (the user through `useUser`, and sign-out). Two short items, so it fits a 375 px screen.
 */
export function Header() {
  return (
    <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900 sm:px-6">
      <Link href="/dashboard" className="whitespace-nowrap text-base font-semibold md:hidden">
        edge-sessions
      </Link>
      <div className="ml-auto">
        <AccountMenu />
      </div>
    </header>
  );
}
