'use client';

import { useUser } from './user-provider';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]?.toUpperCase() ?? '').join('') || '?';
}

/** The signed-in user's avatar (or initials), name and email, read through `useUser()`. */
export function UserAvatar() {
  const user = useUser();
  return (
    <div className="flex items-center gap-3" data-testid="user-badge">
      {user.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from arbitrary OAuth hosts
        <img src={user.image} alt="" className="h-9 w-9 rounded-full object-cover" referrerPolicy="no-referrer" />
      ) : (
        <span aria-hidden className="flex h-9 w-9 items-center justify-center rounded-full bg-indigo-600 text-sm font-semibold text-white">
          {initials(user.name)}
        </span>
      )}
      <div className="hidden min-w-0 text-right sm:block">
        <p className="truncate text-sm font-medium" data-testid="header-user-name">
          {user.name}
        </p>
        <p className="truncate text-xs text-slate-500 dark:text-slate-400">{user.email}</p>
      </div>
    </div>
  );
}
