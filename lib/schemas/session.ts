/** Schemas of the session APIs (`/api/user/sessions`, `/api/admin/users/:id/sessions/:sessionId`). */
import { z } from 'zod';
import { uuidSchema } from '@/lib/core/validation';

/** `DELETE /api/user/sessions?scope=`: absent (every session) or `others`. */
export const sessionScopeSchema = z.enum(['all', 'others'], { error: "scope must be 'others' (or absent for every session)" });

export const adminSessionParamsSchema = z.strictObject({ id: uuidSchema, sessionId: uuidSchema });
