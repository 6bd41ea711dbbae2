import { handler } from '@/lib/api/handler';
import { requireRecentAuthentication, SESSION_NOT_FOUND, signOutDevice } from '@/lib/auth';
import { idParamsSchema } from '@/lib/core/validation';

/**
 * `DELETE /api/user/sessions/:id` → 204: that device is signed out on its next request (this one,
 * cookie cleared, when `id` is the current session). Another user's id, an unknown or ended one → 404.
 * Ending another device is sensitive (sudo mode: 403 `reauthentication-required` when the sign-in is
 * not recent); signing this device out never needs it.
 */
export const DELETE = handler({ access: 'user', params: idParamsSchema, notFoundMessage: SESSION_NOT_FOUND }, async ({ session, params }) => {
  if (params.id !== session.sid) requireRecentAuthentication(session);
  await signOutDevice(session.user.id, session.sid, params.id);
  return new Response(null, { status: 204 });
});
