/**
 * `npm run db:migrate`: applies the committed migrations to `DATABASE_URL` (Neon in production;
 * `NEON_WS_PROXY` for local Postgres behind a WebSocket proxy). Refuses to run without
 * `DATABASE_URL`: the embedded PGlite database migrates itself on start.
 */
import { migrateDatabase } from '@/db/migrator';
import { runScript } from './lib/run-script';

runScript('db:migrate', async (env) => {
  if (!env.DATABASE_URL) {
    console.error('db:migrate: DATABASE_URL is not set. Set it to the Postgres/Neon connection string to migrate (the embedded PGlite database migrates itself on start).');
    return 1;
  }
  const { host, pathname } = new URL(env.DATABASE_URL);
  const started = Date.now();
  await migrateDatabase({ databaseUrl: env.DATABASE_URL, neonWsProxy: env.NEON_WS_PROXY });
  console.log(`db:migrate: ${host} ${pathname} is up to date (${Date.now() - started} ms)`);
  return 0;
});
