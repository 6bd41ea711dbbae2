import { z } from 'zod';
import { handler } from '@/lib/api/handler';
import { clearSessionCookie, listDevices, signOutEverywhere, signOutOtherDevices } from '@/lib/auth';
import { validationFailed } from '@/lib/core/errors';

/** `GET /api/user/sessions` → `{ items: [{ id, device, createdAt, lastSeenAt, current }] }`: live sign-ins only. */
export const GET = handler({ access: 'user' }, async ({ session }) => ({ items: await listDevices(session.user.id, session.sid) }));

const scopeSchema = z.enum(['all', 'others'], { error: "scope must be 'others' (or absent for every session)" });

/**
 * `DELETE /api/user/sessions` → 204: "sign out everywhere", this cookie included (it is cleared).
 * `?scope=others` → 204: every other device is signed out; this one continues with a re-issued cookie.
 */
export const DELETE = handler({ access: 'user', sudo: true }, async ({ request, session }) => {
  const raw = new URL(request.url).searchParams.get('scope') ?? 'all';
  const scope = scopeSchema.safeParse(raw);
  if (!scope.success) throw validationFailed({ scope: [scope.error.issues[0]!.message] });
  if (scope.data === 'others') {
    await signOutOtherDevices(session.user.id, session.sid);
  } else {
    await signOutEverywhere(session.user.id);
    await clearSessionCookie();
  }
  return new Response(null, { status: 204 });
});
