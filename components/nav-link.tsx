'use client';
/**
 * A navigation link that knows whether it is "you are here": `aria-current="page"` for screen
 * readers and a filled, bold state for the eye. `section` links stay current on their sub-pages
 * (`/products/123` under Products); `exact` ones only on their own path (the admin Overview tab).
 * The path comes from `usePathname`, which the server render already knows: no JavaScript needed.
 */
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { NavPending } from './nav-pending';

export function isCurrentPath(pathname: string, href: string, match: 'exact' | 'section'): boolean {
  if (pathname === href) return true;
  return match === 'section' && pathname.startsWith(`${href}/`);
}

export function NavLink({
  href,
  match = 'section',
  className,
  currentClassName,
  idleClassName,
  children,
}: {
  href: string;
  match?: 'exact' | 'section';
  className: string;
  currentClassName: string;
  idleClassName: string;
  children: React.ReactNode;
}) {
  const current = isCurrentPath(usePathname(), href, match);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined} className={`relative ${className} ${current ? currentClassName : idleClassName}`}>
      {children}
      <NavPending />
    </Link>
  );
}
