import { handler } from '@/lib/api/handler';
import { revokeAccessToken, TOKEN_NOT_FOUND } from '@/lib/auth';
import { idParamsSchema } from '@/lib/core/validation';

/** `DELETE /api/user/tokens/:id` → 204: the token is refused from its next request on. Unknown, another user's or revoked → 404. */
export const DELETE = handler({ access: 'user', params: idParamsSchema, notFoundMessage: TOKEN_NOT_FOUND }, async ({ session, params }) => {
  await revokeAccessToken(session.user.id, params.id);
  return new Response(null, { status: 204 });
});
