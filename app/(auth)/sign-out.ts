'use server';

import { signOut } from '@/auth';

/** Signs out this device: the cookie is cleared and this token denied until it expires. */
export async function signOutAction(): Promise<void> {
  // `/login` reads `signedOut` and says so (see SIGNED_OUT_NOTICES in app/(auth)/login/page.tsx).
  await signOut({ redirectTo: '/login?signedOut=this-device' });
}
