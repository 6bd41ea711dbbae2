import { getUserById } from '@/db/queries/users';
import { handler } from '@/lib/api/handler';
import { unauthorized } from '@/lib/errors';

/** `GET /api/user` → `{ id, name, email, image, role, createdAt }` of the signed-in user. */
export const GET = handler({ access: 'user' }, async ({ session }) => {
  const user = await getUserById(session.user.id);
  if (!user) throw unauthorized();
  return { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt };
});
