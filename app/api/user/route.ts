/** `GET /api/user` and `PATCH /api/user`: the signed-in user's own public record. */
import { handler } from '@/lib/api/handler';
import { unauthorized } from '@/lib/core/errors';
import { getOwnUser, saveProfile } from '@/lib/profile';
import { profilePatchSchema } from '@/lib/schemas/profile';

/** `GET /api/user` → `{ id, name, email, image, role, createdAt }` of the signed-in user. */
export const GET = handler({ access: 'user', read: ({ user }) => getOwnUser(user.id) }, async ({ read: user }) => {
  if (!user) throw unauthorized();
  return { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt };
});

/**
 * `PATCH /api/user` with `{ name?, bio? }` (anything else → 422) → the updated user plus `bio`.
 * A new name also re-issues the session cookie so the next page shows it.
 */
export const PATCH = handler({ access: 'user', body: profilePatchSchema }, async ({ session, body }) => {
  const user = await saveProfile(session, body);
  return { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt, bio: user.bio };
});
