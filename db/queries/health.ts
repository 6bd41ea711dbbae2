/** The database liveness probe for `GET /api/health`: one round trip, no table touched. */
import 'server-only';
import { sql } from 'drizzle-orm';
import { getDb } from '../client';

export async function pingDatabase(): Promise<void> {
  const db = await getDb();
  await db.execute(sql`select 1`);
}
