import { handler } from '@/lib/api/handler';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { notFound } from '@/lib/core/errors';
import { userIdSchema } from '@/lib/schemas/admin-user';

/** `DELETE /api/admin/users/:id/sessions` → 204: every existing cookie of that user is signed out. */
export const DELETE = handler<'admin', undefined, { id: string }>({ access: 'admin' }, async ({ session, params }) => {
  const id = userIdSchema.safeParse(params.id);
  if (!id.success) throw notFound('User not found');
  await changeUserAsAdmin(session.user.id, id.data, { kind: 'revoke_sessions' });
  return new Response(null, { status: 204 });
});
