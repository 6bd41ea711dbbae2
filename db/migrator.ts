/**
 * Applies the committed migrations (db/migrations) to a Neon/Postgres database with drizzle's
 * neon-serverless migrator, through the same connection code the app ships (`openDatabase`).
 * Used by `npm run db:migrate` and by the real-services test harness, so both run the same path.
 */
import 'server-only';
import type { NeonDatabase } from 'drizzle-orm/neon-serverless';
import { MIGRATIONS_FOLDER, openDatabase, type Schema } from './client';

export async function migrateDatabase(options: { databaseUrl: string; neonWsProxy?: string }): Promise<void> {
  const handle = await openDatabase(options);
  try {
    const { migrate } = await import('drizzle-orm/neon-serverless/migrator');
    await migrate(handle.db as unknown as NeonDatabase<Schema>, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await handle.close();
  }
}
