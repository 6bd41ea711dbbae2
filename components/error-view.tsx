'use client';
/**
 * The fallback every error boundary shows: a friendly message and a retry button, never the error's
 * message or stack (production redacts server errors anyway; client errors are not redacted).
 */
import Link from 'next/link';
import { useEffect } from 'react';
import { DEPENDENCY_UNAVAILABLE_DIGEST } from '@/lib/core/errors';

export function isDependencyOutage(error: unknown): boolean {
  return (error as { digest?: unknown } | null)?.digest === DEPENDENCY_UNAVAILABLE_DIGEST;
}

export function ErrorView({ error, retry, homeHref = '/dashboard', fullPage = false }: { error: unknown; retry: () => void; homeHref?: string; fullPage?: boolean }) {
  useEffect(() => {
    // The digest matches the server log line; nothing else about the error is shown.
    console.error(error);
  }, [error]);
  const outage = isDependencyOutage(error);
  const digest = (error as { digest?: unknown } | null)?.digest;
  return (
    <div
      role="alert"
      data-testid="error-view"
      className={`mx-auto flex w-full max-w-md flex-col gap-4 ${fullPage ? 'min-h-screen justify-center px-6' : 'py-10'}`}
    >
      <h1 className="text-2xl font-semibold">{outage ? 'We’re having trouble reaching our services' : 'Something went wrong'}</h1>
      <p className="text-slate-600 dark:text-slate-400">
        {outage
          ? 'This is temporary (503). Your data is safe; please try again in a moment.'
          : 'An unexpected error stopped this page from loading. Trying again often helps.'}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" onClick={() => retry()} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500">
          Try again
        </button>
        <Link href={homeHref} className="font-medium text-indigo-600 hover:underline dark:text-indigo-400">
          Go to your dashboard
        </Link>
      </div>
      {typeof digest === 'string' && !outage ? <p className="text-xs text-slate-600 dark:text-slate-400">Reference: {digest}</p> : null}
    </div>
  );
}
