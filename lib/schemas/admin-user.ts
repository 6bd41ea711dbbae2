/** Schemas of admin user management (API bodies, query strings and the admin forms). */
import { z } from 'zod';
import { ROLES } from '@/lib/core/roles';
import { text } from '@/lib/core/validation';
import type { UserCursor } from '@/db/queries/admin-users';

export const roleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(', ')}` });

/** `PATCH /api/admin/users/:id`: unknown keys and unknown roles → 422; at least one change. */
export const adminUserPatchSchema = z
  .strictObject({ role: roleSchema.optional(), banned: z.boolean({ error: 'banned must be true or false' }).optional() })
  .refine((v) => v.role !== undefined || v.banned !== undefined, { message: 'Nothing to change: send role and/or banned' });

export const searchQuerySchema = text({ max: 100, label: 'Search' });

export const userIdSchema = z.uuid();

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function encodeUserCursor(cursor: UserCursor): string {
  return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString('base64url');
}

/** The cursor a previous page handed out, or null for anything else (never reaches SQL unchecked). */
export function decodeUserCursor(value: string): UserCursor | null {
  const match = CURSOR.exec(Buffer.from(value, 'base64url').toString('utf8'));
  if (!match || Number.isNaN(Date.parse(match[1]!))) return null;
  return { createdAt: match[1]!, id: match[2]! };
}

/** Admin forms: one hidden target id plus the change. */
export const roleFormSchema = z.strictObject({ userId: userIdSchema, role: roleSchema });
export const banFormSchema = z.strictObject({ userId: userIdSchema, banned: z.enum(['true', 'false']).transform((v) => v === 'true') });
export const targetFormSchema = z.strictObject({ userId: userIdSchema });
