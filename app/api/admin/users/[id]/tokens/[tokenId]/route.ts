import { handler } from '@/lib/api/handler';
import { revokeAccessToken, TOKEN_NOT_FOUND } from '@/lib/auth';
import { adminTokenParamsSchema } from '@/lib/schemas/access-token';

/** `DELETE /api/admin/users/:id/tokens/:tokenId` → 204, audited: refused from its next request on. 404 when that user has no such live token. */
export const DELETE = handler({ access: 'admin', params: adminTokenParamsSchema, notFoundMessage: TOKEN_NOT_FOUND }, async ({ session, params }) => {
  await revokeAccessToken(params.id, params.tokenId, session.user.id);
  return new Response(null, { status: 204 });
});
