import { handler } from '@/lib/api/handler';
import { json } from '@/lib/api/respond';
import { finishPasskeyRegistration, listOwnPasskeys } from '@/lib/auth';
import { addPasskeySchema } from '@/lib/schemas/passkey';

/** `GET /api/user/passkeys` → `{ items: [{ id, name, createdAt, lastUsedAt }] }`. */
export const GET = handler({ access: 'user', read: ({ user }) => listOwnPasskeys(user.id) }, async ({ read }) => ({ items: read }));

/**
 * `POST /api/user/passkeys` `{ name?, response }` → 201 `{ id, name, createdAt, lastUsedAt }`:
 * verifies the registration (the challenge of `POST /api/user/passkeys/options`, this browser's)
 * and stores the passkey. Sudo. 400 for an answer that cannot be verified, 409 for a credential
 * already registered. The cookie is re-issued with the passkey as a second factor.
 */
export const POST = handler({ access: 'user', body: addPasskeySchema, sudo: true }, async ({ session, body }) => {
  const passkey = await finishPasskeyRegistration(session, body);
  return json(passkey, { status: 201 });
});
