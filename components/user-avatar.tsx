'use client';

import { useUser } from './user-provider';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]!, parts[parts.length - 1]!] : parts;
  return letters.map((p) => Array.from(p)[0]?.toUpperCase() ?? '').join('') || '?';
}

/** The signed-in user's avatar (or initials) and, from `sm` up, their name; read through `useUser()`. */
export function UserAvatar() {
  const user = useUser();
  return (
    <span className="flex min-w-0 items-center gap-2">
      {user.image ? (
        // eslint-disable-next-line @next/next/no-img-element -- avatars come from arbitrary OAuth hosts
        <img src={user.image} alt="" className="h-9 w-9 shrink-0 rounded-full object-cover" referrerPolicy="no-referrer" />
      ) : (
        <span aria-hidden className="flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-indigo-600 text-sm font-semibold text-white">
          {initials(user.name)}
        </span>
      )}
      <span className="hidden max-w-48 truncate text-sm font-medium sm:block" data-testid="header-user-name">
        {user.name}
      </span>
    </span>
  );
}
