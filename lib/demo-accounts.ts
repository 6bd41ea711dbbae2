/**
 * Demo accounts with public passwords. Seeded into an empty embedded database (PGlite) only when
 * asked for: by `next dev`, or at any start with `SEED_DEMO_ACCOUNTS=1` (see lib/startup.ts), and
 * into a `DATABASE_URL` database only by `npm run db:seed` run on purpose. A production start
 * without the opt-in has no account at all: its first admin comes from `npm run create-admin`.
 */
import 'server-only';
import { countUsers, createUser } from '@/db/queries/users';
import { hashPassword } from '@/lib/password';

export const DEMO_ACCOUNTS = [
  { name: 'Ada Admin', email: 'admin@example.com', password: 'admin-password-1', role: 'admin' },
  { name: 'Uma User', email: 'user@example.com', password: 'user-password-1', role: 'user' },
] as const;

/** Seeds the demo accounts when the database has no users. Returns whether it seeded. */
export async function seedDemoAccountsIfEmpty(): Promise<boolean> {
  if ((await countUsers()) > 0) return false;
  for (const account of DEMO_ACCOUNTS) {
    await createUser({ name: account.name, email: account.email, passwordHash: await hashPassword(account.password), role: account.role, emailVerified: true });
  }
  return true;
}

export function demoCredentialsBanner(): string {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.role.padEnd(5)}  ${a.email} / ${a.password}`);
  return ['edge-sessions: embedded database (PGlite) with demo accounts:', ...lines].join('\n');
}
