import { handler } from '@/lib/api/handler';
import { changeUserAsAdmin } from '@/lib/admin-users';
import { idParamsSchema } from '@/lib/core/validation';
import { adminUserPatchSchema } from '@/lib/schemas/admin-user';

const target = { params: idParamsSchema, notFoundMessage: 'User not found' } as const;

/** `PATCH /api/admin/users/:id` with `{ role?, banned? }` → the updated user; 409 for the last admin. */
export const PATCH = handler({ access: 'admin', sudo: true, body: adminUserPatchSchema, ...target }, async ({ session, body, params }) => {
  return changeUserAsAdmin(session.user.id, params.id, { kind: 'update', role: body.role, banned: body.banned });
});

/** `DELETE /api/admin/users/:id` → 204; the user's cookies stop being sessions on their next request. */
export const DELETE = handler({ access: 'admin', sudo: true, ...target }, async ({ session, params }) => {
  await changeUserAsAdmin(session.user.id, params.id, { kind: 'delete' });
  return new Response(null, { status: 204 });
});
