import { resetPassword } from '@/lib/account-recovery/password-reset';
import { handler } from '@/lib/api/handler';
import { resetPasswordSchema } from '@/lib/schemas/account';

/**
 * `POST /api/password/reset` `{ token, password }` → 200 `{ userId }` with a new session cookie:
 * the password is replaced and every session of the user ended. 400 for an unknown, used, expired
 * or banned user's link; 422 for a password the policy refuses; nothing changes in either case.
 */
export const POST = handler({ access: 'public', body: resetPasswordSchema }, async ({ body }) => resetPassword(body.token, body.password));
