import { handler } from '@/lib/api/handler';
import { SESSION_NOT_FOUND, signOutDevice } from '@/lib/auth';
import { idParamsSchema } from '@/lib/core/validation';

/**
 * `DELETE /api/user/sessions/:id` → 204: that device is signed out on its next request (this one,
 * cookie cleared, when `id` is the current session). Another user's id, an unknown or ended one → 404.
 */
export const DELETE = handler({ access: 'user', params: idParamsSchema, notFoundMessage: SESSION_NOT_FOUND }, async ({ session, params }) => {
  await signOutDevice(session.user.id, session.sid, params.id);
  return new Response(null, { status: 204 });
});
