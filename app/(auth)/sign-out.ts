'use server';

import { signOut } from '@/auth';

/** Signs out this device: the cookie is cleared and this token denied until it expires. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: '/login' });
}
