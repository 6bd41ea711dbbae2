/**
 * Server start-up: validate the environment (a bad value stops the server with one line naming
 * it), and on the embedded default open PGlite and apply migrations, with how long it took (so a
 * slow first page can be told apart from compiling). The public demo accounts are seeded and
 * printed only where they were asked for (`next dev`, or `SEED_DEMO_ACCOUNTS=1`): a production
 * start must never come up with a known admin password (case 70). A production server without a
 * trusted client address says so once.
 */
import 'server-only';
import { countUsers } from '@/db/queries/users';
import { getDatabase } from '@/db/client';
import { demoCredentialsBanner, seedDemoAccountsIfEmpty } from '@/lib/demo-accounts';
import { clientAddressSource } from '@/lib/client-address';
import { EnvError, getEnv, isDevelopmentRuntime, isProductionRuntime, seedsDemoAccounts, type Env } from '@/lib/core/env';

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
  warnIfClientAddressUntrusted();
  if (env.DATABASE_URL) return;
  const setup = prepareEmbeddedDatabase(env);
  if (isDevelopmentRuntime()) {
    // `next dev` holds the first request until `register()` returns, and only then compiles the
    // page: set up the database meanwhile instead (queries await the same memoised connection).
    setup.catch((err) => console.error('edge-sessions: embedded database set-up failed', err));
    return;
  }
  await setup;
}

async function prepareEmbeddedDatabase(env: Env): Promise<void> {
  const started = performance.now();
  await getDatabase();
  const opened = performance.now();
  const ms = (a: number, b: number) => `${Math.round(b - a)} ms`;
  if (!seedsDemoAccounts(env)) {
    const empty = (await countUsers()) === 0;
    console.log(
      `edge-sessions: embedded database (PGlite) ready in ${ms(started, opened)}` +
        (empty ? '\n  no accounts yet: create the first admin with `npm run create-admin`' : ''),
    );
    return;
  }
  const seeded = await seedDemoAccountsIfEmpty();
  const done = performance.now();
  console.log(
    `${demoCredentialsBanner()}${seeded ? '\n  (seeded just now)' : ''}\n` +
      `  database ready in ${ms(started, done)} (PGlite + migrations ${ms(started, opened)}, demo seed ${ms(opened, done)})`,
  );
}

let warnedClientAddress = false;

/** Once per process, in production: per-client limits are off without a trusted client address. */
export function warnIfClientAddressUntrusted(): void {
  const source = clientAddressSource();
  if (warnedClientAddress || !isProductionRuntime() || source.trusted) return;
  warnedClientAddress = true;
  console.warn(`edge-sessions: ${source.reason} (GET /api/health reports clientAddress)`);
}
