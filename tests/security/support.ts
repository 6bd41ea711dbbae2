/**
 * Shared pieces of the security suite: a checksum of every table (so each case can assert that
 * the database is unchanged), and a scan for secrets in a response.
 */
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { getDb } from '@/db/client';

const TABLES = ['users', 'user_sessions', 'account_tokens', 'profiles', 'settings', 'products', 'audit_log'] as const;

export type DbSnapshot = Record<(typeof TABLES)[number], string>;

/**
 * The rows a table's checksum covers. Sign-in rows the token helper inserts (`user_agent =
 * 'vitest'`) are arrangement, not a change the request under test made, unless they were ended.
 */
const ROWS: Partial<Record<(typeof TABLES)[number], string>> = {
  user_sessions: `(select * from user_sessions where user_agent is distinct from 'vitest' or ended_at is not null)`,
};

/** Row count and an md5 over every row's text, per table. */
export async function snapshotDb(): Promise<DbSnapshot> {
  const db = await getDb();
  const out = {} as DbSnapshot;
  for (const table of TABLES) {
    const from = ROWS[table] ?? table;
    const result = (await db.execute(
      sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${from} t`),
    )) as unknown as { rows: { n: number; h: string }[] };
    const row = result.rows[0]!;
    out[table] = `${row.n}:${row.h}`;
  }
  return out;
}

/** Runs `fn` and asserts that no table changed. Returns what `fn` returned. */
export async function expectDbUnchanged<T>(fn: () => Promise<T>): Promise<T> {
  const before = await snapshotDb();
  const value = await fn();
  expect(await snapshotDb()).toEqual(before);
  return value;
}

/** Things no response may contain: stacks, hashes, tokens (JWE), passwords given in the test. */
export function expectNoSecrets(text: string, extra: string[] = []): void {
  expect(text).not.toMatch(/\bat [\w$.<>]+ \(|node_modules|\.tsx?:\d+:\d+/); // stack frames
  expect(text).not.toMatch(/scrypt\$/); // password hashes
  expect(text).not.toMatch(/eyJ[\w-]{10,}\.[\w-]*\.[\w-]+\.[\w-]+\.[\w-]+/); // a JWE
  for (const secret of extra) if (secret) expect(text).not.toContain(secret);
}
