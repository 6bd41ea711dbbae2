/**
 * `npm run db:seed -- --yes`: creates the demo accounts (lib/demo-accounts.ts) in the database
 * the environment points at, when it has no users yet. Explicit on purpose: without `--yes` it
 * only explains itself, and against production (NODE_ENV=production or on Vercel) it also needs
 * `--allow-production`, because the demo passwords are public.
 *
 * Lives in scripts/ rather than db/ because it needs password hashing from lib/ (db/ imports
 * nothing of ours but the leaf layer, lib/core).
 */
import { getDatabase } from '@/db/client';
import { DEMO_ACCOUNTS, seedDemoAccountsIfEmpty } from '@/lib/demo-accounts';
import { runScript } from './lib/run-script';

runScript('db:seed', async (env) => {
  const argv = process.argv.slice(2);
  const target = env.DATABASE_URL ? (({ host, pathname }) => host + pathname)(new URL(env.DATABASE_URL)) : `PGlite at ${env.PGLITE_DATA_DIR}`;
  const production = env.NODE_ENV === 'production' || !!env.VERCEL;
  if (!argv.includes('--yes')) {
    console.error(`db:seed: would create ${DEMO_ACCOUNTS.length} demo accounts with public passwords in ${target}. Re-run with --yes to do it.`);
    return 1;
  }
  if (production && !argv.includes('--allow-production')) {
    console.error('db:seed: refusing: this looks like production (NODE_ENV=production or VERCEL set) and the demo passwords are public. Add --allow-production if you really mean it.');
    return 1;
  }
  const seeded = await seedDemoAccountsIfEmpty();
  console.log(seeded ? `db:seed: created ${DEMO_ACCOUNTS.map((a) => a.email).join(', ')} in ${target}` : `db:seed: ${target} already has users; nothing written`);
  await (await getDatabase()).close();
  return 0;
});
