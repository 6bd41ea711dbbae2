import { handler } from '@/lib/api/handler';
import { regenerateRecoveryCodes } from '@/lib/auth';

/** `POST /api/user/recovery-codes` → 200 `{ recoveryCodes }`: 10 new codes, the old ones stop working. 409 without the authenticator app. Sudo. */
export const POST = handler({ access: 'user', sudo: true }, async ({ session }) => {
  return regenerateRecoveryCodes(session.user.id);
});
