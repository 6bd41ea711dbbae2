/**
 * Server start-up: validate the environment (a bad value stops the server with one line naming
 * it), and on the embedded default open PGlite, apply migrations, seed the demo accounts on the
 * first run and print their credentials.
 */
import 'server-only';
import { getDatabase } from '@/db/client';
import { demoCredentialsBanner, seedDemoAccountsIfEmpty } from '@/lib/demo-accounts';
import { EnvError, getEnv } from '@/lib/core/env';

export async function startServer(): Promise<void> {
  let env;
  try {
    env = getEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`edge-sessions: refusing to start: ${err.problems.join('; ')}`);
      process.exit(1);
    }
    throw err;
  }
  if (env.DATABASE_URL) return;
  await getDatabase();
  const seeded = await seedDemoAccountsIfEmpty();
  console.log(`${demoCredentialsBanner()}${seeded ? '\n  (seeded just now)' : ''}`);
}
