import Link from 'next/link';

const LINKS = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/audit', label: 'Audit log' },
] as const;

/** Tabs of the admin area (each admin page checks `requireAdmin` itself). */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="mb-6 flex gap-2 overflow-x-auto border-b border-slate-200 pb-2 dark:border-slate-800">
      {LINKS.map((l) => (
        <Link key={l.href} href={l.href} className="whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
