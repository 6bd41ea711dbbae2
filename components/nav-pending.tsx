'use client';
/**
 * The dashboard's loading state: a pulsing dot in the corner of the navigation link (sidebar, admin
 * tabs) whose page is on its way; positioned over the link (which is `relative`) so it takes no room.
 * Deliberately not a `loading.tsx` Suspense fallback: when a page streams, a browser without
 * JavaScript never swaps the fallback for the content, and every dashboard form must work without it.
 */
import { useLinkStatus } from 'next/link';

export function NavPending() {
  const { pending } = useLinkStatus();
  return (
    <span
      aria-hidden
      data-pending={pending || undefined}
      className={`pointer-events-none absolute right-1 top-1 h-2 w-2 rounded-full bg-indigo-500 transition-opacity ${pending ? 'animate-pulse opacity-100' : 'opacity-0'}`}
    />
  );
}
