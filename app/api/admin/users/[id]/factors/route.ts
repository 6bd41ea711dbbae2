import { handler } from '@/lib/api/handler';
import { resetFactorsAsAdmin } from '@/lib/auth';
import { idParamsSchema } from '@/lib/core/validation';

/**
 * `DELETE /api/admin/users/:id/factors` → 204: the user's authenticator app, recovery codes and
 * passkeys are removed (audited, mailed to the user); 409 when there is none; 404 for an unknown id.
 * An admin write: sudo mode applies.
 */
export const DELETE = handler({ access: 'admin', sudo: true, params: idParamsSchema, notFoundMessage: 'User not found' }, async ({ session, params }) => {
  await resetFactorsAsAdmin(session.user.id, params.id);
  return new Response(null, { status: 204 });
});
