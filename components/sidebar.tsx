import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';
import { NavPending } from './nav-pending';

const LINKS = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/profile', label: 'Profile' },
  { href: '/products', label: 'Products' },
] as const;

/** Navigation for the dashboard; the Admin link only for admins (the admin pages check again). */
export function Sidebar({ user }: { user: SessionUser }) {
  const links = user.role === 'admin' ? [...LINKS, { href: '/admin', label: 'Admin' } as const] : LINKS;
  return (
    <nav aria-label="Main" className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900 md:w-56 md:border-b-0 md:border-r">
      <p className="hidden px-6 py-5 text-lg font-semibold md:block">edge-sessions</p>
      <ul className="flex gap-1 overflow-x-auto px-2 py-2 md:flex-col md:px-3">
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} className="block whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800">
              {link.label}
              <NavPending />
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
