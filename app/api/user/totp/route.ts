import { handler } from '@/lib/api/handler';
import { disableTotp, startTotpSetup } from '@/lib/auth';

/**
 * `POST /api/user/totp` → 200 `{ secret, otpauthUrl }`: a pending set-up (not active until
 * confirmed; replaces an older pending one). 409 when the authenticator app is already on.
 * Sudo: 403 `reauthentication-required` without a recent authentication.
 */
export const POST = handler({ access: 'user', sudo: true }, async ({ session }) => {
  return startTotpSetup(session.user);
});

/** `DELETE /api/user/totp` → 204: the authenticator app and its recovery codes are gone (409 when it was not on). Sudo. */
export const DELETE = handler({ access: 'user', sudo: true }, async ({ session }) => {
  await disableTotp(session.user.id);
  return new Response(null, { status: 204 });
});
