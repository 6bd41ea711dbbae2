import { handler } from '@/lib/api/handler';
import { startPasskeySignIn } from '@/lib/auth';

/**
 * `POST /api/passkeys/authentication/options` → usernameless authentication options (no
 * allowCredentials). Each call stores its own 5-minute challenge, bound to this browser's ceremony
 * cookie: passkey autofill and the "Sign in with a passkey" button never share one.
 */
export const POST = handler({ access: 'public' }, async () => startPasskeySignIn());
