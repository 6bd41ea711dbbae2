/** "Signed in <day> · last active <day>" for one row of a session list (days as `YYYY-MM-DD`). */
export function SessionTimes({ createdOn, lastSeenOn }: { createdOn: string; lastSeenOn: string }) {
  return (
    <p className="text-sm text-slate-600 dark:text-slate-400">
      Signed in <time dateTime={createdOn}>{createdOn}</time> · last active <time dateTime={lastSeenOn}>{lastSeenOn}</time>
    </p>
  );
}
