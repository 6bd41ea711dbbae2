/**
 * Set-up that many test files share, registered as the file's own vitest hooks (import only from
 * test files: it imports vitest).
 */
import { beforeAll, beforeEach } from 'vitest';
import { createMemoryKv, instrument, setKvForTests } from '@/lib/kv';
// Not a React hook, whatever its name says (react-hooks/rules-of-hooks reads names only).
import { useFreshBackends as openFreshBackends } from './db';
import { sessionCookie, type TokenSubject } from './tokens';
import { createTestUser } from './users';

/**
 * Fresh backends once for the file, then a new instrumented in-memory KV before every test, so no
 * test's keys, counters, rate limits or injected outage reach the next. A file's own `beforeAll`
 * registered after this call runs after it (vitest runs `before` hooks in order).
 */
export function setUpFreshBackendsAndKvPerTest(): void {
  beforeAll(async () => {
    await openFreshBackends();
  });
  beforeEach(() => setKvForTests(instrument(createMemoryKv())));
}

/** Fresh backends and one user with a session cookie: `beforeAll(async () => ({ user, cookie } = await freshBackendsWithSignedInUser()))`. */
export async function freshBackendsWithSignedInUser(): Promise<{ user: TokenSubject; cookie: string }> {
  await openFreshBackends();
  const user = await createTestUser();
  return { user, cookie: await sessionCookie(user) };
}
