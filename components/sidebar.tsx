import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';
import { NavLink } from './nav-link';

const LINKS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/profile', label: 'Profile' },
  { href: '/products', label: 'Products' },
] as const;

const LINK = 'flex items-center whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium';
// Current: a filled pill plus an inset bar (left on the desktop column, bottom on the phone row),
// so the state does not rest on colour alone.
const CURRENT =
  'bg-indigo-50 text-indigo-800 shadow-[inset_0_-2px_0_0_currentColor] md:shadow-[inset_3px_0_0_0_currentColor] dark:bg-indigo-950 dark:text-indigo-200';
const IDLE = 'text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800';

/**
 * Navigation for the dashboard: a column on wide screens, a scrollable row under the header on a
 * phone. The Admin link only for admins (the admin pages check again).
 */
export function Sidebar({ user }: { user: SessionUser }) {
  const links = user.role === 'admin' ? [...LINKS, { href: '/admin', label: 'Admin' } as const] : LINKS;
  return (
    <nav aria-label="Main" className="md:h-full border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 md:border-b-0 md:border-r">
      <Link href="/dashboard" className="hidden px-6 py-5 text-lg font-semibold md:block">
        edge-sessions
      </Link>
      <ul className="flex gap-1 overflow-x-auto px-2 py-2 md:flex-col md:px-3">
        {links.map((link) => (
          <li key={link.href}>
            <NavLink href={link.href} className={LINK} currentClassName={CURRENT} idleClassName={IDLE}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
