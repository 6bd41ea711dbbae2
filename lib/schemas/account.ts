/** Schemas for creating an account (page form and `POST /api/register`). */
import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema } from '@/lib/core/validation';

export const registerSchema = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterInput = z.output<typeof registerSchema>;

/** `POST /api/password/forgot` and the /forgot-password form. */
export const forgotPasswordSchema = z.strictObject({ email: emailSchema });

// The token's shape is checked where it is used (a malformed one answers like an unknown one).
const tokenField = z.string({ error: 'The link is missing its token' }).max(200, { message: 'The link is not valid' });

/** `POST /api/password/reset`: the token from the link and the new password (same policy as sign-up). */
export const resetPasswordSchema = z.strictObject({ token: tokenField, password: passwordSchema });

/** The /reset-password form: the same, typed twice. */
export const resetPasswordFormSchema = z
  .strictObject({ token: tokenField, password: passwordSchema, confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match' });

/** `POST /api/email/verify` and the /verify-email form. */
export const verifyEmailSchema = z.strictObject({ token: tokenField });
