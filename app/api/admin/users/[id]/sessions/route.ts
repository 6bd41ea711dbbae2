import { handler } from '@/lib/api/handler';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { idParamsSchema } from '@/lib/core/validation';

/** `DELETE /api/admin/users/:id/sessions` → 204: every existing cookie of that user is signed out. */
export const DELETE = handler({ access: 'admin', sudo: true, params: idParamsSchema, notFoundMessage: 'User not found' }, async ({ session, params }) => {
  await changeUserAsAdmin(session.user.id, params.id, { kind: 'revoke_sessions' });
  return new Response(null, { status: 204 });
});
