/**
 * Case 64 (issue 21, point 4): a password-reset request does the same work for a known and an
 * unknown address before it answers, the mail leaves after the response (Next's `after()`, run here
 * once the test has read the response), and no bucket shared by every client can refuse it.
 * Counted with the app's own counters (lib/core/counters.ts); the mailbox is the development one.
 */
import { describe, expect, it } from 'vitest';
import { POST as forgot } from '@/app/api/password/forgot/route';
import { RESET_CLIENT_LIMIT } from '@/lib/account-recovery/password-reset';
import { diffCounters, readCounters } from '@/lib/core/counters';
import { callRoute } from '@/tests/helpers/http';
import { mailTo } from '@/tests/helpers/mailbox';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { createTestUser } from '@/tests/helpers/users';

setUpFreshBackendsAndKvPerTest();

/** The response, the work done before it, and the mail there was when it was read (the `after()` work still queued). */
async function askHoldingMail(email: string) {
  const before = readCounters();
  const res = await callRoute(forgot, { method: 'POST', body: { email }, holdAfterWork: true });
  const { dbQueries, kvReads, kvWrites } = diffCounters(before);
  return { res, work: { dbQueries, kvReads, kvWrites }, mailAtResponse: mailTo(email).length };
}

describe('case 64: the same work before the answer, the mail after it', () => {
  it('known and unknown addresses: same status and body, equal database and KV work; the known one\'s mail arrives after the response', async () => {
    const user = await createTestUser();
    const known = await askHoldingMail(user.email);
    await known.res.finishResponse();
    const unknown = await askHoldingMail('nobody-known@example.test');
    await unknown.res.finishResponse();

    expect(known.res.status).toBe(202);
    expect(unknown.res.status).toBe(202);
    expect(unknown.res.text).toBe(known.res.text);
    expect(unknown.work).toEqual(known.work);
    expect(known.work.dbQueries).toBeGreaterThan(0);
    expect(known.mailAtResponse).toBe(0);
    expect(mailTo(user.email)).toHaveLength(1);
    expect(mailTo('nobody-known@example.test')).toHaveLength(0);
  });

  it(`one anonymous client asking for ${RESET_CLIENT_LIMIT * 6} other addresses does not stop a known user's request`, async () => {
    const user = await createTestUser();
    for (let i = 0; i < RESET_CLIENT_LIMIT * 6; i++) {
      expect((await callRoute(forgot, { method: 'POST', body: { email: `someone-${i}@example.test` } })).status).toBe(202);
    }
    expect((await callRoute(forgot, { method: 'POST', body: { email: user.email } })).status).toBe(202);
    expect(mailTo(user.email)).toHaveLength(1);
  });
});
