'use server';

import { signOut } from '@/auth';
import { clearSessionCookie, endCurrentSignIn } from '@/lib/auth';

/**
 * Signs out this device: the sign-in is ended in PostgreSQL first (every token of it refused from
 * the next request on), then Auth.js clears the cookie. When the sign-out cannot be recorded
 * (503) the error propagates to the error boundary's "temporarily unavailable" message and the
 * cookie stays: never a redirect that looks like a sign-out.
 */
export async function signOutAction(): Promise<void> {
  await endCurrentSignIn();
  // Every session cookie the browser sent goes, also those Auth.js does not know by name.
  await clearSessionCookie();
  // `/login` reads `signedOut` and says so (see SIGNED_OUT_NOTICES in app/(auth)/login/page.tsx).
  await signOut({ redirectTo: '/login?signedOut=this-device' });
}
