/** Schemas of admin user management (API bodies, query strings and the admin forms). */
import { z } from 'zod';
import { ROLES } from '@/lib/core/roles';
import { text, uuidSchema } from '@/lib/core/validation';

const roleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(', ')}` });

/** `PATCH /api/admin/users/:id`: unknown keys and unknown roles → 422; at least one change. */
export const adminUserPatchSchema = z
  .strictObject({ role: roleSchema.optional(), banned: z.boolean({ error: 'banned must be true or false' }).optional() })
  .refine((v) => v.role !== undefined || v.banned !== undefined, { message: 'Nothing to change: send role and/or banned' });

export const searchQuerySchema = text({ max: 100, label: 'Search' });

/** Admin forms: one hidden target id plus the change. */
export const roleFormSchema = z.strictObject({ userId: uuidSchema, role: roleSchema });
export const banFormSchema = z.strictObject({ userId: uuidSchema, banned: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const targetFormSchema = z.strictObject({ userId: uuidSchema });
