'use client';
/**
 * The dashboard's loading state: a pulsing dot on the sidebar link whose page is on its way.
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
      className={`ml-2 inline-block h-2 w-2 rounded-full bg-indigo-500 align-middle transition-opacity ${pending ? 'animate-pulse opacity-100' : 'opacity-0'}`}
    />
  );
}
