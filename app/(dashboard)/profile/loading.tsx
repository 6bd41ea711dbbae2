/** Shown while `/profile` loads its data: the shape of the page, announced to screen readers. */
export default function ProfileLoading() {
  return (
    <div className="mx-auto flex w-full max-w-2xl flex-col gap-6" role="status" aria-label="Loading your profile">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      {[0, 1].map((i) => (
        <div key={i} className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 sm:p-6">
          <div className="h-5 w-32 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
          <div className="h-10 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
          <div className="h-24 animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
        </div>
      ))}
      <span className="sr-only">Loading…</span>
    </div>
  );
}
