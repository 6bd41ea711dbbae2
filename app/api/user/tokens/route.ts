/** `GET /api/user/tokens` and `POST /api/user/tokens`: the signed-in user's personal access tokens. */
import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { createAccessToken, listAccessTokens } from '@/lib/auth';
import { createTokenSchema } from '@/lib/schemas/access-token';

/** `GET /api/user/tokens` → `{ items: [{ id, name, scope, createdAt, expiresAt, lastUsedAt }] }` (usable tokens only, never a secret). */
export const GET = handler({ access: 'user' }, async ({ session }) => ({ items: await listAccessTokens(session.user.id) }));

/**
 * `POST /api/user/tokens` `{ name, scope, expiresInDays }` → 201 `{ id, token, name, scope, createdAt, expiresAt, lastUsedAt }`:
 * the secret is in this answer only. Cookie sessions within the sudo-mode window (403
 * `reauthentication-required` otherwise); a token cannot create tokens (403).
 */
export const POST = handler({ access: 'user', body: createTokenSchema }, async ({ session, body }) =>
  json(await createAccessToken(session, body), { status: 201 }),
);
