/** Shown while a dashboard page loads its data (the layout, sidebar and header are already there). */
export default function DashboardLoading() {
  return (
    <div className="flex flex-col gap-4" role="status" aria-label="Loading">
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-4 w-full max-w-md animate-pulse rounded bg-slate-200 dark:bg-slate-800" />
      <div className="h-32 w-full animate-pulse rounded-lg bg-slate-100 dark:bg-slate-800" />
      <span className="sr-only">Loading…</span>
    </div>
  );
}
