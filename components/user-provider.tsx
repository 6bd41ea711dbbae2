'use client';

import { createContext, useContext } from 'react';
import type { SessionUser } from '@/lib/auth';

const UserContext = createContext<SessionUser | null>(null);

/** Holds the signed-in user for client components below the dashboard layout. */
export function UserProvider({ user, children }: { user: SessionUser; children: React.ReactNode }) {
  return <UserContext.Provider value={user}>{children}</UserContext.Provider>;
}

/** The signed-in user. Throws outside `UserProvider`: a client component can never guess. */
export function useUser(): SessionUser {
  const user = useContext(UserContext);
  if (!user) throw new Error('useUser must be used within UserProvider');
  return user;
}
