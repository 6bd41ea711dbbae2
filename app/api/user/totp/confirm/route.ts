import { handler } from '@/lib/api/handler';
import { confirmTotpSetup } from '@/lib/auth';
import { totpConfirmSchema } from '@/lib/schemas/second-factor';


/**
 * `POST /api/user/totp/confirm` `{ code }` → 200 `{ recoveryCodes }` (10, shown once): the pending
 * set-up is active; this cookie is re-issued with the second factor and a fresh authentication.
 * A wrong code → 422 `{ error, issues: { code } }`, counted in the sign-in budget (429 once spent).
 * 409 without a pending set-up. Sudo.
 */
export const POST = handler({ access: 'user', sudo: true, body: totpConfirmSchema }, async ({ session, body }) => {
  return confirmTotpSetup(session.user, body.code);
});
