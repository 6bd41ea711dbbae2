import { z } from 'zod';
import { handler } from '@/lib/api/handler';
import { endUserSessionAsAdmin, SESSION_NOT_FOUND } from '@/lib/auth';
import { uuidSchema } from '@/lib/core/validation';

const paramsSchema = z.strictObject({ id: uuidSchema, sessionId: uuidSchema });

/** `DELETE /api/admin/users/:id/sessions/:sessionId` → 204, audited; 404 when that user has no such live session. */
export const DELETE = handler({ access: 'admin', sudo: true, params: paramsSchema, notFoundMessage: SESSION_NOT_FOUND }, async ({ session, params }) => {
  await endUserSessionAsAdmin(session.user.id, params.id, params.sessionId);
  return new Response(null, { status: 204 });
});
