// Benchmark overlay (never shipped): changes the signed-in user's role with the app's freshness
// protocol (marker removed, version bumped with the change, new version published), so the
// bench can count the database reads that follow a role change.
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { handler } from '@/lib/api/handler';
import { ROLES } from '@/lib/core/roles';
import { beginAuthzChange, publishAuthzVersion } from '@/lib/auth';

export const dynamic = 'force-dynamic';

export const POST = handler({ access: 'user', body: z.strictObject({ role: z.enum(ROLES) }) }, async ({ session, body }) => {
  await beginAuthzChange(session.user.id);
  const db = await getDb();
  const [row] = await db
    .update(users)
    .set({ role: body.role, authzVersion: sql`${users.authzVersion} + 1` })
    .where(eq(users.id, session.user.id))
    .returning({ authzVersion: users.authzVersion });
  if (row) await publishAuthzVersion(session.user.id, row.authzVersion);
  return { authzVersion: row?.authzVersion ?? null };
});
