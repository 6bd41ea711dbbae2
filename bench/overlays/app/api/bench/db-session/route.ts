// Benchmark overlay (never shipped): `GET /api/user` on database sessions, the way Auth.js's
// adapter strategy serves it: one lookup of the session row joined with its user on every
// request, then the same handler body as the app's route (`getUserById`). `POST` creates a
// session row for the signed-in user and returns its token (setup only, not measured).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { getUserById } from '@/db/queries/users';
import { handler } from '@/lib/api/handler';
import { unauthorized } from '@/lib/core/errors';

export const dynamic = 'force-dynamic';

const COOKIE = 'bench.db-session';
let ready: Promise<unknown> | undefined;

async function ensureTable() {
  ready ??= (async () => {
    const db = await getDb();
    await db.execute(sql`CREATE TABLE IF NOT EXISTS bench_sessions (
      session_token text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires timestamptz NOT NULL
    )`);
  })();
  return ready;
}

function readCookie(request: Request): string | null {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === COOKIE) return rest.join('=');
  }
  return null;
}

export const POST = handler({ access: 'user' }, async ({ session }) => {
  await ensureTable();
  const token = randomBytes(32).toString('hex');
  const db = await getDb();
  await db.execute(
    sql`INSERT INTO bench_sessions (session_token, user_id, expires) VALUES (${token}, ${session.user.id}, now() + interval '7 days')`,
  );
  return { cookie: `${COOKIE}=${token}` };
});

export const GET = handler({ access: 'public' }, async ({ request }) => {
  const token = readCookie(request);
  if (!token) throw unauthorized();
  const db = await getDb();
  // Auth.js adapter `getSessionAndUser`: one query per `auth()` call.
  const result = await db.execute(sql`SELECT u.id, u.name, u.email, u.image, u.role, s.expires
    FROM bench_sessions s JOIN users u ON u.id = s.user_id
    WHERE s.session_token = ${token} AND s.expires > now()`);
  const row = (result as unknown as { rows: { id: string }[] }).rows[0];
  if (!row) throw unauthorized();
  const user = await getUserById(row.id);
  if (!user) throw unauthorized();
  return { id: user.id, name: user.name, email: user.email, image: user.image, role: user.role, createdAt: user.createdAt };
});
