import { handler } from '@/lib/api/handler';
import { startPasskeyRegistration } from '@/lib/auth';

/**
 * `POST /api/user/passkeys/options` → registration options (discoverable credential, user
 * verification required, the user's passkeys excluded). Sudo: 403 `reauthentication-required`.
 */
export const POST = handler({ access: 'user', sudo: true }, async ({ session }) => startPasskeyRegistration(session));
