/** Schemas of the session APIs (`/api/user/sessions`, `/api/admin/users/:id/sessions/:sessionId`). */
import { z } from 'zod';
import { PASSWORD_MAX, uuidSchema } from '@/lib/core/validation';

/** `DELETE /api/user/sessions?scope=`: absent (every session) or `others`. */
export const sessionScopeSchema = z.enum(['all', 'others'], { error: "scope must be 'others' (or absent for every session)" });

export const adminSessionParamsSchema = z.strictObject({ id: uuidSchema, sessionId: uuidSchema });

/** `POST /api/user/reauthenticate` ("Confirm it's you"): the password, or a code from the authenticator app. */
export const reauthProofSchema = z.union([
  z.strictObject({ password: z.string().min(1, { message: 'Enter your password' }).max(PASSWORD_MAX * 4) }),
  z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: 'Enter the 6-digit code from your authenticator app' }) }),
]);
