/** Schemas for creating an account (page form and `POST /api/register`). */
import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema } from '@/lib/core/validation';

export const registerSchema = z.strictObject({
  name: nameSchema,
  email: emailSchema,
  password: passwordSchema,
});
export type RegisterInput = z.output<typeof registerSchema>;
