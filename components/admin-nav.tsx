import { NavLink } from './nav-link';

const LINKS = [
  { href: '/admin', label: 'Overview', match: 'exact' },
  { href: '/admin/users', label: 'Users', match: 'section' },
  { href: '/admin/audit', label: 'Audit log', match: 'section' },
] as const;

const TAB = 'flex items-center whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium';
const CURRENT = 'border-indigo-600 text-indigo-800 dark:border-indigo-400 dark:text-indigo-200';
const IDLE = 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100';

/** Tabs of the admin area, the current one underlined (each admin page checks `requireAdmin` itself). */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="mb-6 flex gap-2 overflow-x-auto border-b border-slate-200 dark:border-slate-800">
      {LINKS.map((l) => (
        <NavLink key={l.href} href={l.href} match={l.match} className={TAB} currentClassName={CURRENT} idleClassName={IDLE}>
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
