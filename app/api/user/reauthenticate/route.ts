import { z } from 'zod';
import { handler } from '@/lib/api/handler';
import { confirmIdentity } from '@/lib/auth';
import { PASSWORD_MAX } from '@/lib/core/validation';

const proofSchema = z.union([
  z.strictObject({ password: z.string().min(1, { message: 'Enter your password' }).max(PASSWORD_MAX * 4) }),
  z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: 'Enter the 6-digit code from your authenticator app' }) }),
]);

/**
 * `POST /api/user/reauthenticate` `{ password }` or `{ code }` → 200 `{ reauthenticatedAt }` and a
 * re-issued cookie of the same sign-in (same `sid`) whose authentication time is now: sensitive
 * routes accept it for `REAUTH_WINDOW_SECONDS`. Wrong → 422; too many tries → 429 (the sign-in budget).
 */
export const POST = handler({ access: 'user', body: proofSchema }, async ({ session, body }) => {
  const at = await confirmIdentity(session, body);
  return { reauthenticatedAt: new Date(at * 1000).toISOString() };
});
