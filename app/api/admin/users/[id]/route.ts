import { handler } from '@/lib/api/handler';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { notFound } from '@/lib/core/errors';
import { adminUserPatchSchema, userIdSchema } from '@/lib/schemas/admin-user';

type Params = { id: string };

function targetId(params: Params): string {
  const parsed = userIdSchema.safeParse(params.id);
  if (!parsed.success) throw notFound('User not found');
  return parsed.data;
}

/** `PATCH /api/admin/users/:id` with `{ role?, banned? }` → the updated user; 409 for the last admin. */
export const PATCH = handler<'admin', typeof adminUserPatchSchema, Params>({ access: 'admin', body: adminUserPatchSchema }, async ({ session, body, params }) => {
  return changeUserAsAdmin(session.user.id, targetId(params), { kind: 'update', role: body.role, banned: body.banned });
});

/** `DELETE /api/admin/users/:id` → 204; the user's cookies stop being sessions on their next request. */
export const DELETE = handler<'admin', undefined, Params>({ access: 'admin' }, async ({ session, params }) => {
  await changeUserAsAdmin(session.user.id, targetId(params), { kind: 'delete' });
  return new Response(null, { status: 204 });
});
