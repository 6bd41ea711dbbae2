/** Bodies and params of the passkey routes (`app/api/user/passkeys`). Client-safe. */
import { z } from 'zod';

export const PASSKEY_NAME_MAX_LENGTH = 64;

export const passkeyNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the passkey a name')
  .max(PASSKEY_NAME_MAX_LENGTH, `At most ${PASSKEY_NAME_MAX_LENGTH} characters`)
  .regex(/^[^\p{Cc}]*$/u, 'No control characters');

/** `POST /api/user/passkeys`: the registration response (checked by the server's own schema) and an optional name. */
export const addPasskeySchema = z.strictObject({
  name: passkeyNameSchema.optional(),
  response: z.record(z.string(), z.unknown()),
});

export const renamePasskeySchema = z.strictObject({ name: passkeyNameSchema });

/** A credential id (base64url); anything else is a 404 like an unknown id. */
export const passkeyParamsSchema = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/) });
