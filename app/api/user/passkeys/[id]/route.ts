import { handler } from '@/lib/api/handler';
import { removeOwnPasskey, renameOwnPasskey } from '@/lib/auth';
import { passkeyParamsSchema, renamePasskeySchema } from '@/lib/schemas/passkey';

const NOT_FOUND = 'Passkey not found';

/** `PATCH /api/user/passkeys/:id` `{ name }` → the passkey; 404 for an unknown id or another user's. */
export const PATCH = handler(
  { access: 'user', body: renamePasskeySchema, params: passkeyParamsSchema, notFoundMessage: NOT_FOUND },
  async ({ session, body, params }) => renameOwnPasskey(session.user.id, params.id, body.name),
);

/** `DELETE /api/user/passkeys/:id` → 204 (sudo; audited, mailed); 404 for an unknown id or another user's. */
export const DELETE = handler({ access: 'user', params: passkeyParamsSchema, notFoundMessage: NOT_FOUND, sudo: true }, async ({ session, params }) => {
  await removeOwnPasskey(session, params.id);
  return new Response(null, { status: 204 });
});
