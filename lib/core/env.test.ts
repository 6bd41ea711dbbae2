import { describe, expect, it } from 'vitest';
import { EnvError, mailboxDir, parseEnv, seedsDemoAccounts } from './env';

const SECRET = 'x'.repeat(32);

function problems(source: Record<string, string | undefined>): string[] {
  try {
    parseEnv(source);
    return [];
  } catch (err) {
    if (err instanceof EnvError) return err.problems;
    throw err;
  }
}

describe('parseEnv', () => {
  it('runs with no configuration at all in development (embedded default)', () => {
    const env = parseEnv({ NODE_ENV: 'development', AUTH_SECRET: SECRET });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DATA_DIR).toBe('.data/pglite');
    expect(env.authSecrets).toEqual([SECRET]);
  });

  it('refuses production without AUTH_SECRET, naming the variable', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual(['AUTH_SECRET is required in production']);
  });

  it('names a malformed value', () => {
    expect(problems({ NODE_ENV: 'development', AUTH_SECRET: 'short' })[0]).toMatch(/^AUTH_SECRET must be at least 32 characters/);
    expect(problems({ AUTH_SECRET: SECRET, DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL must be a postgres/);
    expect(problems({ AUTH_SECRET: SECRET, KV_REST_API_URL: 'https://kv.example' })[0]).toMatch(/KV_REST_API_URL and KV_REST_API_TOKEN/);
  });

  it('refuses the memory KV and PGlite on Vercel', () => {
    const list = problems({ NODE_ENV: 'production', AUTH_SECRET: SECRET, VERCEL: '1' });
    expect(list.join('\n')).toMatch(/KV_REST_API_URL and KV_REST_API_TOKEN are required on Vercel/);
    expect(list.join('\n')).toMatch(/DATABASE_URL is required on Vercel/);
  });

  it('lists rotation secrets newest first: AUTH_SECRET encrypts, previous ones still decrypt', () => {
    const env = parseEnv({ AUTH_SECRET: SECRET, AUTH_SECRET_PREVIOUS: ` ${'a'.repeat(32)} , ${'b'.repeat(32)}` });
    expect(env.authSecrets).toEqual([SECRET, 'a'.repeat(32), 'b'.repeat(32)]);
  });

  it('seeds the public demo accounts in development or with SEED_DEMO_ACCOUNTS=1 only; production has no default', () => {
    const seeds = (source: Record<string, string>) => seedsDemoAccounts(parseEnv({ AUTH_SECRET: SECRET, ...source }));
    expect(seeds({ NODE_ENV: 'development' })).toBe(true);
    expect(seeds({ NODE_ENV: 'development', SEED_DEMO_ACCOUNTS: '0' })).toBe(false);
    expect(seeds({ NODE_ENV: 'production' })).toBe(false);
    expect(seeds({ NODE_ENV: 'production', SEED_DEMO_ACCOUNTS: '1' })).toBe(true);
    expect(seeds({ NODE_ENV: 'test' })).toBe(false);
    expect(problems({ AUTH_SECRET: SECRET, SEED_DEMO_ACCOUNTS: 'yes' })[0]).toMatch(/^SEED_DEMO_ACCOUNTS must be 1 or 0/);
  });

  it('writes mail to files in production only into a MAIL_DIR set explicitly; development has a default', () => {
    expect(mailboxDir(parseEnv({ NODE_ENV: 'development', AUTH_SECRET: SECRET }))).toBe('.data/mail');
    expect(mailboxDir(parseEnv({ NODE_ENV: 'production', AUTH_SECRET: SECRET }))).toBeUndefined();
    expect(mailboxDir(parseEnv({ NODE_ENV: 'production', AUTH_SECRET: SECRET, MAIL_DIR: '/srv/mail' }))).toBe('/srv/mail');
  });
});
