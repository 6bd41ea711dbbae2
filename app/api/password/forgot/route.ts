import { requestPasswordReset, RESET_REQUESTED } from '@/lib/account-recovery/password-reset';
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { forgotPasswordSchema } from '@/lib/schemas/account';

/**
 * `POST /api/password/forgot` `{ email }` → 202 whatever the address (known, unknown, banned): the
 * same body and the same path. 429 past the per-address or per-client limit; 503 when mail, KV or
 * the database is down, or links cannot be built safely (no AUTH_URL in production).
 */
export const POST = handler({ access: 'public', body: forgotPasswordSchema }, async ({ body, request }) => {
  await requestPasswordReset(body.email, request.headers);
  return json({ message: RESET_REQUESTED }, { status: 202 });
});
