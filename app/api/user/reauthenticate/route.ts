import { handler } from '@/lib/api/handler';
import { confirmIdentity } from '@/lib/auth';
import { reauthProofSchema as proofSchema } from '@/lib/schemas/session';

/**
 * `POST /api/user/reauthenticate` `{ password }` or `{ code }` → 200 `{ reauthenticatedAt }` and a
 * re-issued cookie of the same sign-in (same `sid`) whose authentication time is now: sensitive
 * routes accept it for `REAUTH_WINDOW_SECONDS`. Wrong → 422; too many tries → 429 (the sign-in budget).
 */
export const POST = handler({ access: 'user', body: proofSchema }, async ({ session, body }) => {
  const at = await confirmIdentity(session, body);
  return { reauthenticatedAt: new Date(at * 1000).toISOString() };
});
