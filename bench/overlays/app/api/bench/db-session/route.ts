// Benchmark overlay (never shipped): `GET /api/user` on database sessions, the way Auth.js's
// adapter strategy serves it: one lookup of the session row joined with its user on every
// request, then the same handler body as the app's route (`getUserById`). `POST` creates a
// session row for the signed-in user and returns its token (setup only, not measured).
import { getUserById } from '@/db/queries/users';
import { handler } from '@/lib/api/handler';
import { unauthorized } from '@/lib/core/errors';
import { createDbSession, dbSessionToken, lookupDbSession } from '../../../../lib/bench-db-session';

export const dynamic = 'force-dynamic';

export const POST = handler({ access: 'user' }, async ({ session }) => ({ cookie: await createDbSession(session.user.id) }));

export const GET = handler({ access: 'public' }, async ({ request }) => {
  const token = dbSessionToken(request.headers.get('cookie'));
  if (!token) throw unauthorized();
  const row = await lookupDbSession(token);
  if (!row) throw unauthorized();
  const user = await getUserById(row.id);
  if (!user) throw unauthorized();
  return { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt };
});
