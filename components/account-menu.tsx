'use client';
/**
 * The account menu under the avatar: who is signed in (the full email, wrapped rather than cut),
 * Profile, Security, Theme and Sign out. A native `<details>`, so it opens and every item works
 * without JavaScript; with it, the menu also closes on Escape, on a click elsewhere and after a
 * navigation (the layout, and so this menu, stays mounted across client navigations).
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { signOutAction } from '@/app/(auth)/sign-out';
import { isCurrentPath } from './nav-link';
import { UserAvatar } from './user-avatar';
import { useUser } from './user-provider';

const ITEMS = [
  { href: '/profile', label: 'Profile' },
  { href: '/profile/security', label: 'Security' },
  { href: '/profile/tokens', label: 'Access tokens' },
  { href: '/profile#theme', label: 'Theme' },
] as const;

const ITEM = 'block w-full whitespace-nowrap px-4 py-2.5 text-left text-sm hover:bg-slate-100 focus-visible:bg-slate-100 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800';

export function AccountMenu() {
  const user = useUser();
  const pathname = usePathname();
  const ref = useRef<HTMLDetailsElement>(null);
  const close = () => {
    if (ref.current) ref.current.open = false;
  };

  useEffect(close, [pathname]);

  useEffect(() => {
    const close = (event: Event) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== 'Escape') return;
        menu.open = false;
        menu.querySelector('summary')?.focus();
      } else if (!menu.contains(event.target as Node)) {
        menu.open = false;
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('click', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('click', close);
    };
  }, []);

  return (
    <details ref={ref} className="group relative" data-testid="user-badge">
      <summary className="flex cursor-pointer list-none items-center gap-1.5 rounded-lg p-1 pr-1.5 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-500 dark:hover:bg-slate-800 [&::-webkit-details-marker]:hidden">
        <UserAvatar />
        <span className="sr-only">Account menu</span>
        <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4 shrink-0 text-slate-500 transition-transform group-open:rotate-180 dark:text-slate-400">
          <path fill="currentColor" d="M5.3 7.3a1 1 0 0 1 1.4 0L10 10.6l3.3-3.3a1 1 0 1 1 1.4 1.4l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 0 1 0-1.4Z" />
        </svg>
      </summary>
      <div className="absolute right-0 z-30 mt-2 w-64 max-w-[calc(100vw-2rem)] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-lg dark:border-slate-700 dark:bg-slate-900">
        <div className="border-b border-slate-200 px-4 py-3 dark:border-slate-700">
          <p className="break-words text-sm font-medium">{user.name}</p>
          <p className="break-all text-sm text-slate-600 dark:text-slate-400" data-testid="account-email">
            {user.email}
          </p>
        </div>
        <ul className="py-1">
          {ITEMS.map((item) => {
            const current = !item.href.includes('#') && isCurrentPath(pathname, item.href, 'exact');
            return (
              <li key={item.href}>
                <Link href={item.href} onClick={close} aria-current={current ? 'page' : undefined} className={`${ITEM} ${current ? 'font-semibold' : ''}`}>
                  {item.label}
                </Link>
              </li>
            );
          })}
        </ul>
        <form action={signOutAction} className="border-t border-slate-200 py-1 dark:border-slate-700">
          <button type="submit" className={ITEM}>
            Sign out
          </button>
        </form>
      </div>
    </details>
  );
}
