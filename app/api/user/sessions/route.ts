import { handler } from '@/lib/api/handler';
import { clearSessionCookie, signOutEverywhere } from '@/lib/auth';

/** `DELETE /api/user/sessions` → 204: "sign out everywhere", this cookie included (it is cleared). */
export const DELETE = handler({ access: 'user' }, async ({ session }) => {
  await signOutEverywhere(session.user.id);
  await clearSessionCookie();
  return new Response(null, { status: 204 });
});
