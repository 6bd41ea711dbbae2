/**
 * The test request context is per request (AsyncLocalStorage), so a test that runs requests side by
 * side proves what it names: with one shared context, the second request's cookies replaced the
 * first's while the first was still awaiting, and both answered as the second user.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as getUser, PATCH as patchUser } from '@/app/api/user/route';
import { getSession } from '@/lib/auth';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { useFreshBackends } from './db';
import { callRoute } from './http';
import { currentRequest, enterRequest, runInRequest } from './request-context';
import { sessionCookie, type TokenSubject } from './tokens';
import { createTestUser } from './users';

let ada: TokenSubject;
let bob: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  [ada, bob] = [await createTestUser({ name: 'Ada' }), await createTestUser({ name: 'Bob' })];
});

/** Resolves once `count` callers have arrived: each request waits here until all have started. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived === count) open();
    return opened;
  };
}

describe('concurrent requests with different cookies', () => {
  it('each sees its own session, before and after the other request started', async () => {
    const [adaCookie, bobCookie] = [await sessionCookie(ada), await sessionCookie(bob)];
    const together = barrier(2);
    const whoAmI = (cookie: string) =>
      runInRequest({ cookie, surface: 'page' }, async () => {
        const before = (await getSession())?.user.id;
        await together();
        const after = (await getSession())?.user.id;
        return { before, after };
      });
    const [a, b] = await Promise.all([whoAmI(adaCookie), whoAmI(bobCookie)]);
    expect(a).toEqual({ before: ada.id, after: ada.id });
    expect(b).toEqual({ before: bob.id, after: bob.id });
  });

  it('two route calls in flight answer for their own user, and a cookie one writes is not the other’s', async () => {
    const [adaCookie, bobCookie] = [await sessionCookie(ada), await sessionCookie(bob)];
    const [renamed, read] = await Promise.all([
      callRoute(patchUser, { method: 'PATCH', cookie: adaCookie, body: { name: 'Ada Renamed' } }),
      callRoute(getUser, { cookie: bobCookie }),
    ]);
    expect([renamed.status, renamed.json.id, renamed.json.name]).toEqual([200, ada.id, 'Ada Renamed']);
    expect(renamed.cookiesWritten.get(SESSION_COOKIE)).toBeTruthy();
    expect([read.status, read.json.id, read.json.name]).toEqual([200, bob.id, 'Bob']);
    expect(read.cookiesWritten.size).toBe(0);
  });

  it("a request run inside the test's own request leaves the test's cookies and writes alone", async () => {
    const adaCookie = await sessionCookie(ada);
    const mine = enterRequest({ cookie: await sessionCookie(bob), surface: 'page' });
    await callRoute(patchUser, { method: 'PATCH', cookie: adaCookie, body: { name: 'Ada Again' } });
    expect(currentRequest()).toBe(mine);
    expect(mine.written.size).toBe(0);
    expect((await getSession())?.user.id).toBe(bob.id);
  });
});
