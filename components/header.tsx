import type { SessionUser } from '@/lib/auth';
import { signOutAction } from '@/app/(auth)/sign-out';
import { UserAvatar } from './user-avatar';

/** Top bar of the dashboard: the user (through `useUser`) and sign-out. */
export function Header({ user }: { user: SessionUser }) {
  return (
    <header className="flex items-center justify-between gap-4 border-b border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900 sm:px-6">
      <p className="truncate text-sm text-slate-500 dark:text-slate-400">
        Signed in as <span className="font-medium text-slate-900 dark:text-slate-100">{user.email}</span>
      </p>
      <div className="flex items-center gap-4">
        <UserAvatar />
        <form action={signOutAction}>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Sign out
          </button>
        </form>
      </div>
    </header>
  );
}
