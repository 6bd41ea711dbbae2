/** Schemas of the personal access token API (`/api/user/tokens`) and the `/profile/tokens` form. */
import { z } from 'zod';
import { text, uuidSchema } from '@/lib/core/validation';

export const TOKEN_SCOPES = ['read', 'write'] as const;
export const TOKEN_EXPIRY_DAYS = [7, 30, 90] as const;

export const tokenNameSchema = text({ min: 1, max: 60, label: 'Name', singleLine: true });

/** `POST /api/user/tokens`: `expiresInDays` 7, 30, 90 or null (never expires). */
export const createTokenSchema = z.strictObject({
  name: tokenNameSchema,
  scope: z.enum(TOKEN_SCOPES, { error: "scope must be 'read' or 'write'" }),
  expiresInDays: z.union([z.literal(7), z.literal(30), z.literal(90), z.null()], { error: 'expiresInDays must be 7, 30, 90 or null' }),
});
export type CreateTokenInput = z.output<typeof createTokenSchema>;

/** The form posts strings: the expiry as "7" | "30" | "90" | "never". */
export const createTokenFormSchema = z.strictObject({
  name: tokenNameSchema,
  scope: z.enum(TOKEN_SCOPES, { error: 'Choose read or write' }),
  expiresInDays: z
    .enum(['7', '30', '90', 'never'], { error: 'Choose 7, 30 or 90 days, or no expiry' })
    .transform((v) => (v === 'never' ? null : (Number(v) as 7 | 30 | 90))),
});

export const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: z.enum(TOKEN_SCOPES),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const createdTokenSchema = tokenViewSchema.extend({ token: z.string() });
export const tokenListSchema = z.object({ items: z.array(tokenViewSchema) });

/** `DELETE /api/admin/users/:id/tokens/:tokenId`. */
export const adminTokenParamsSchema = z.strictObject({ id: uuidSchema, tokenId: uuidSchema });
