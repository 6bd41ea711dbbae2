/**
 * Case 75 (issue 22): passkeys against a real authenticator model (tests/helpers/software-
 * authenticator.ts: ES256 keys, real authenticator data and signatures) through the real routes
 * and Auth.js's own `passkey` callback, on PGlite and the memory KV. A replayed or foreign
 * challenge, another origin or RP ID, an unknown credential, another user's credential and a
 * counter that goes backwards get no session cookie; the rows show nothing moved (and the last one
 * is audited). Also: the registration routes' ownership and sudo rules, and removing the last
 * passkey takes `mfa` from every token that signed in with it on its next request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, authChallenges, users, webauthnCredentials } from '@/db/schema';
import { POST as authenticationOptions } from '@/app/api/passkeys/authentication/options/route';
import { GET as listPasskeys, POST as addPasskey } from '@/app/api/user/passkeys/route';
import { POST as registrationOptions } from '@/app/api/user/passkeys/options/route';
import { DELETE as deletePasskey, PATCH as renamePasskey } from '@/app/api/user/passkeys/[id]/route';
import { GET as adminUsers } from '@/app/api/admin/users/route';
import { resetEnvCache, getEnv } from '@/lib/core/env';
import { SESSION_COOKIE } from '@/lib/core/session-cookie';
import { decodeSessionToken } from '@/lib/core/session-token';
import { authPost } from '@/tests/helpers/authjs';
import { callRoute, ORIGIN } from '@/tests/helpers/http';
import { mailTo } from '@/tests/helpers/mailbox';
import { SoftwareAuthenticator } from '@/tests/helpers/software-authenticator';
import { setUpFreshBackendsAndKvPerTest } from '@/tests/helpers/suite';
import { sessionCookie, type TokenSubject } from '@/tests/helpers/tokens';
import { createTestUser } from '@/tests/helpers/users';
import { enterRequest } from '@/tests/helpers/request-context';
import { signInWithPasskey } from '@/app/(auth)/actions';
import { SIGN_IN_FAILURES } from '@/lib/sign-in-messages';

setUpFreshBackendsAndKvPerTest();
afterEach(() => {
  vi.unstubAllEnvs();
  resetEnvCache();
});

const CEREMONY = 'edge-sessions.ceremony';
const RP_ID = new URL(ORIGIN).hostname;
const now = () => Math.floor(Date.now() / 1000);

/** A browser: its ceremony cookie, set by the first options request. */
class Browser {
  ceremony = '';
  cookie(extra = '') {
    return [this.ceremony ? `${CEREMONY}=${this.ceremony}` : '', extra].filter(Boolean).join('; ');
  }
  keep(written: Map<string, string>) {
    const value = written.get(CEREMONY);
    if (value) this.ceremony = value;
  }
}

async function registerPasskey(user: TokenSubject, authenticator: SoftwareAuthenticator, browser = new Browser(), session?: string) {
  const cookie = session ?? (await sessionCookie(user));
  const options = await callRoute(registrationOptions, { method: 'POST', cookie: browser.cookie(cookie) });
  expect(options.status).toBe(200);
  browser.keep(options.cookiesWritten);
  const response = authenticator.register(options.json as never);
  return callRoute(addPasskey, { method: 'POST', cookie: browser.cookie(cookie), body: { response } });
}

async function signInOptions(browser: Browser): Promise<string> {
  const res = await callRoute(authenticationOptions, { method: 'POST', cookie: browser.cookie() });
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toContain('no-store');
  expect(res.json).not.toHaveProperty('allowCredentials');
  browser.keep(res.cookiesWritten);
  return (res.json as { challenge: string }).challenge;
}

async function postAssertion(browser: Browser, assertion: unknown) {
  const res = await authPost('/api/auth/callback/passkey', browser.cookie(), { response: JSON.stringify(assertion) });
  return { ...res, signedIn: !!res.sessionCookie };
}

async function passkeyRow(id: string) {
  const [row] = await (await getDb()).select().from(webauthnCredentials).where(eq(webauthnCredentials.id, id));
  return row;
}

async function auditActions(userId: string) {
  const rows = await (await getDb()).select({ action: auditLog.action, details: auditLog.details }).from(auditLog).where(eq(auditLog.targetId, userId));
  return rows;
}

async function newUserWithPasskey(options: { startCounter?: number; role?: 'admin' | 'user' } = {}) {
  const user = await createTestUser({ role: options.role });
  const authenticator = new SoftwareAuthenticator(ORIGIN, RP_ID, { startCounter: options.startCounter });
  const added = await registerPasskey(user, authenticator);
  expect(added.status).toBe(201);
  return { user, authenticator };
}

describe('registration', () => {
  it('stores the passkey (audited, mailed), lists it, and re-issues this cookie with the passkey as a second factor', async () => {
    const user = await createTestUser();
    const authenticator = new SoftwareAuthenticator(ORIGIN, RP_ID);
    const browser = new Browser();
    const options = await callRoute(registrationOptions, { method: 'POST', cookie: await sessionCookie(user) });
    const body = options.json as { authenticatorSelection: Record<string, unknown>; attestation: string; excludeCredentials: unknown[]; rp: { id: string } };
    expect(body.authenticatorSelection).toMatchObject({ residentKey: 'required', userVerification: 'required' });
    expect(body.attestation).toBe('none');
    expect(body.rp.id).toBe(RP_ID);
    expect(body.excludeCredentials).toEqual([]);

    const added = await registerPasskey(user, authenticator, browser);
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ id: authenticator.id, name: 'Passkey 1', lastUsedAt: null });
    const reissued = added.cookiesWritten.get(SESSION_COOKIE)!;
    const claims = await decodeSessionToken(reissued, getEnv().authSecrets, SESSION_COOKIE);
    expect(claims?.amr).toEqual(['pwd', 'hwk', 'mfa']);
    const row = await passkeyRow(authenticator.id);
    expect(row).toMatchObject({ userId: user.id, counter: 0, transports: ['internal'], name: 'Passkey 1' });
    expect(await auditActions(user.id)).toContainEqual({ action: 'factor.passkey_added', details: { credentialId: authenticator.id, name: 'Passkey 1' } });
    expect(mailTo(user.email).map((m) => m.subject)).toContain('A passkey was added');

    // The next registration excludes it.
    const again = await callRoute(registrationOptions, { method: 'POST', cookie: await sessionCookie(user) });
    expect((again.json as { excludeCredentials: { id: string }[] }).excludeCredentials.map((c) => c.id)).toEqual([authenticator.id]);
    const list = await callRoute(listPasskeys, { cookie: await sessionCookie(user) });
    expect(list.json).toEqual({ items: [expect.objectContaining({ id: authenticator.id, name: 'Passkey 1' })] });
  });

  it("a credential id another user registered → 409, the row stays the first user's", async () => {
    const { user: owner, authenticator } = await newUserWithPasskey();
    const other = await createTestUser();
    const thief = new SoftwareAuthenticator(ORIGIN, RP_ID);
    const browser = new Browser();
    const cookie = await sessionCookie(other);
    const options = await callRoute(registrationOptions, { method: 'POST', cookie });
    browser.keep(options.cookiesWritten);
    const response = thief.register(options.json as never, { credentialId: authenticator.id });
    const res = await callRoute(addPasskey, { method: 'POST', cookie: browser.cookie(cookie), body: { response } });
    expect(res.status).toBe(409);
    expect((await passkeyRow(authenticator.id))?.userId).toBe(owner.id);
  });

  it('another origin, another RP ID, a replayed or foreign challenge → 400, nothing stored', async () => {
    const user = await createTestUser();
    const cookie = await sessionCookie(user);
    const cases: [string, (a: SoftwareAuthenticator, o: never) => unknown][] = [
      ['origin', (a, o) => a.register(o, { origin: 'http://evil.example' })],
      ['rp id', (a, o) => a.register(o, { rpId: 'evil.example' })],
      ['no user verification', (a, o) => a.register(o, { userVerified: false })],
    ];
    for (const [, answer] of cases) {
      const browser = new Browser();
      const authenticator = new SoftwareAuthenticator(ORIGIN, RP_ID);
      const options = await callRoute(registrationOptions, { method: 'POST', cookie });
      browser.keep(options.cookiesWritten);
      const res = await callRoute(addPasskey, { method: 'POST', cookie: browser.cookie(cookie), body: { response: answer(authenticator, options.json as never) } });
      expect(res.status).toBe(400);
      expect(await passkeyRow(authenticator.id)).toBeUndefined();
    }
    // Foreign: the options were issued to another browser.
    const authenticator = new SoftwareAuthenticator(ORIGIN, RP_ID);
    const theirs = await callRoute(registrationOptions, { method: 'POST', cookie });
    const mine = new Browser();
    mine.ceremony = 'a'.repeat(43);
    const foreign = await callRoute(addPasskey, { method: 'POST', cookie: mine.cookie(cookie), body: { response: authenticator.register(theirs.json as never) } });
    expect(foreign.status).toBe(400);
    // Replay: the same answer twice.
    const browser = new Browser();
    const first = await registerPasskey(user, authenticator, browser, cookie);
    expect(first.status).toBe(201);
    const second = new SoftwareAuthenticator(ORIGIN, RP_ID);
    const options = await callRoute(registrationOptions, { method: 'POST', cookie: browser.cookie(cookie) });
    const response = second.register(options.json as never);
    expect((await callRoute(addPasskey, { method: 'POST', cookie: browser.cookie(cookie), body: { response } })).status).toBe(201);
    expect((await callRoute(addPasskey, { method: 'POST', cookie: browser.cookie(cookie), body: { response } })).status).toBe(400);
    expect((await (await getDb()).select().from(webauthnCredentials).where(eq(webauthnCredentials.userId, user.id))).length).toBe(2);
  });

  it('a stale authentication → 403 reauthentication-required on options, add and remove; nothing changed', async () => {
    const { user, authenticator } = await newUserWithPasskey();
    const stale = await sessionCookie(user, { authTime: now() - 3600, reauthAt: now() - 3600 });
    const options = await callRoute(registrationOptions, { method: 'POST', cookie: stale });
    expect(options.status).toBe(403);
    expect(options.json).toMatchObject({ code: 'reauthentication-required' });
    const add = await callRoute(addPasskey, { method: 'POST', cookie: stale, body: { response: {} } });
    expect(add).toMatchObject({ status: 403, json: { code: 'reauthentication-required' } });
    const remove = await callRoute(deletePasskey, { method: 'DELETE', cookie: stale, params: { id: authenticator.id } });
    expect(remove).toMatchObject({ status: 403, json: { code: 'reauthentication-required' } });
    expect(await passkeyRow(authenticator.id)).toBeDefined();
    expect(await (await getDb()).select().from(authChallenges).where(eq(authChallenges.userId, user.id))).toEqual([]);
  });

  it("rename and remove: another user's or an unknown id → 404 and the row is untouched; own → renamed, removed (audited, mailed)", async () => {
    const { user, authenticator } = await newUserWithPasskey();
    const other = await createTestUser();
    const otherCookie = await sessionCookie(other);
    for (const id of [authenticator.id, 'unknown-credential-id']) {
      expect((await callRoute(renamePasskey, { method: 'PATCH', cookie: otherCookie, params: { id }, body: { name: 'mine now' } })).status).toBe(404);
      expect((await callRoute(deletePasskey, { method: 'DELETE', cookie: otherCookie, params: { id } })).status).toBe(404);
    }
    expect((await callRoute(deletePasskey, { method: 'DELETE', cookie: otherCookie, params: { id: 'not base64url!' } })).status).toBe(404);
    expect(await passkeyRow(authenticator.id)).toMatchObject({ userId: user.id, name: 'Passkey 1' });

    const cookie = await sessionCookie(user);
    expect((await callRoute(renamePasskey, { method: 'PATCH', cookie, params: { id: authenticator.id }, body: { name: '' } })).status).toBe(422);
    const renamed = await callRoute(renamePasskey, { method: 'PATCH', cookie, params: { id: authenticator.id }, body: { name: '  Work laptop ' } });
    expect(renamed).toMatchObject({ status: 200, json: { name: 'Work laptop' } });
    expect((await callRoute(deletePasskey, { method: 'DELETE', cookie, params: { id: authenticator.id } })).status).toBe(204);
    expect(await passkeyRow(authenticator.id)).toBeUndefined();
    expect(await auditActions(user.id)).toContainEqual({ action: 'factor.passkey_removed', details: { credentialId: authenticator.id, name: 'Work laptop' } });
    expect(mailTo(user.email).map((m) => m.subject)).toContain('A passkey was removed');
  });
});

describe('case 75: sign-in with a passkey', () => {
  it('usernameless: the credential decides the user; a session with amr hwk+mfa; counter and last use recorded', async () => {
    const { user, authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const browser = new Browser();
    const challenge = await signInOptions(browser);
    const res = await postAssertion(browser, authenticator.assert(challenge));
    expect(res.signedIn).toBe(true);
    const claims = await decodeSessionToken(res.sessionCookie!, getEnv().authSecrets, SESSION_COOKIE);
    expect(claims).toMatchObject({ id: user.id, amr: ['hwk', 'mfa'], sid: expect.any(String) });
    const row = await passkeyRow(authenticator.id);
    expect(row?.counter).toBe(2);
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('the same captured assertion posted twice → the second gets no session', async () => {
    const { authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const browser = new Browser();
    const assertion = authenticator.assert(await signInOptions(browser));
    expect((await postAssertion(browser, assertion)).signedIn).toBe(true);
    const replay = await postAssertion(browser, assertion);
    expect(replay.signedIn).toBe(false);
    expect(replay.headers.get('location')).toContain('code=passkey_invalid');
    expect((await passkeyRow(authenticator.id))?.counter).toBe(2);
  });

  it('a counter-less authenticator (always 0) replaying its assertion is refused by the single-use challenge', async () => {
    const { authenticator } = await newUserWithPasskey();
    const browser = new Browser();
    const assertion = authenticator.assert(await signInOptions(browser));
    expect((await postAssertion(browser, assertion)).signedIn).toBe(true);
    expect((await postAssertion(browser, assertion)).signedIn).toBe(false);
  });

  it('a foreign challenge (issued to another browser) or no ceremony cookie → no session', async () => {
    const { authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const victim = new Browser();
    const challenge = await signInOptions(victim);
    const attacker = new Browser();
    await signInOptions(attacker);
    expect((await postAssertion(attacker, authenticator.assert(challenge))).signedIn).toBe(false);
    expect((await postAssertion(new Browser(), authenticator.assert(challenge))).signedIn).toBe(false);
    expect((await passkeyRow(authenticator.id))?.counter).toBe(1);
  });

  it('another origin or another RP ID → no session, and that challenge is used up', async () => {
    const { authenticator } = await newUserWithPasskey({ startCounter: 1 });
    for (const forged of [{ origin: 'http://evil.example' }, { origin: 'https://localhost:3000' }, { rpId: 'evil.example' }, { type: 'webauthn.create' }, { userVerified: false }]) {
      const browser = new Browser();
      const challenge = await signInOptions(browser);
      expect((await postAssertion(browser, authenticator.assert(challenge, forged))).signedIn).toBe(false);
      // The genuine answer to the same challenge afterwards: the challenge was consumed before verifying.
      expect((await postAssertion(browser, authenticator.assert(challenge))).signedIn).toBe(false);
    }
    expect((await passkeyRow(authenticator.id))?.counter).toBe(1);
  });

  it('a client-sent X-Forwarded-Host does not move the RP ID or origin (no trusted proxy): an assertion for that host is refused', async () => {
    const { authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const browser = new Browser();
    const challenge = await signInOptions(browser);
    const forged = authenticator.assert(challenge, { origin: 'http://evil.example', rpId: 'evil.example' });
    const res = await authPost('/api/auth/callback/passkey', browser.cookie(), { response: JSON.stringify(forged) }, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' } });
    expect(res.sessionCookie).toBeFalsy();
    expect((await passkeyRow(authenticator.id))?.counter).toBe(1);
  });

  it('an unknown credential → no session', async () => {
    await newUserWithPasskey();
    const stranger = new SoftwareAuthenticator(ORIGIN, RP_ID);
    const browser = new Browser();
    expect((await postAssertion(browser, stranger.assert(await signInOptions(browser)))).signedIn).toBe(false);
  });

  it("another user's credential: claimed with another key, or with another user's handle → no session, counter unchanged", async () => {
    const { user: owner, authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const { user: attacker, authenticator: own } = await newUserWithPasskey({ startCounter: 1 });
    const browser = new Browser();
    // The attacker's key signs, claiming the owner's credential id.
    expect((await postAssertion(browser, own.assert(await signInOptions(browser), { credentialId: authenticator.id }))).signedIn).toBe(false);
    // The owner's credential presented with the attacker's user handle.
    const handle = Buffer.from(attacker.id).toString('base64url');
    expect((await postAssertion(browser, authenticator.assert(await signInOptions(browser), { userHandle: handle }))).signedIn).toBe(false);
    expect((await passkeyRow(authenticator.id))?.counter).toBe(1);
    expect((await passkeyRow(authenticator.id))?.userId).toBe(owner.id);
  });

  it('a counter that goes backwards (a cloned authenticator) → no session, audited, the stored counter unchanged', async () => {
    const { user, authenticator } = await newUserWithPasskey({ startCounter: 5 });
    const browser = new Browser();
    expect((await postAssertion(browser, authenticator.assert(await signInOptions(browser)))).signedIn).toBe(true);
    expect((await passkeyRow(authenticator.id))?.counter).toBe(6);
    for (const counter of [3, 6, 0]) {
      const refused = await postAssertion(browser, authenticator.assert(await signInOptions(browser), { counter }));
      expect(refused.signedIn).toBe(false);
    }
    expect((await passkeyRow(authenticator.id))?.counter).toBe(6);
    const audited = (await auditActions(user.id)).filter((a) => a.action === 'factor.passkey_counter_regressed');
    expect(audited).toHaveLength(3);
    expect(audited[0]!.details).toMatchObject({ credentialId: authenticator.id, counter: 3 });
    // The real authenticator, moving on, still signs in.
    expect((await postAssertion(browser, authenticator.assert(await signInOptions(browser), { counter: 7 }))).signedIn).toBe(true);
  });

  it('a banned user gets no session with a valid passkey', async () => {
    const { user, authenticator } = await newUserWithPasskey({ startCounter: 1 });
    await (await getDb()).update(users).set({ bannedAt: new Date() }).where(eq(users.id, user.id));
    const browser = new Browser();
    expect((await postAssertion(browser, authenticator.assert(await signInOptions(browser)))).signedIn).toBe(false);
  });

  it('garbage in the response field → no session, never a 500', async () => {
    const browser = new Browser();
    await signInOptions(browser);
    for (const response of ['', 'null', '{}', '[]', '{"id":"x","rawId":"x","type":"public-key","response":{}}', 'x'.repeat(40_000)]) {
      const res = await authPost('/api/auth/callback/passkey', browser.cookie(), { response });
      expect(res.status).toBeLessThan(500);
      expect(res.sessionCookie).toBeFalsy();
    }
  });

  it('removing the last passkey: a token that signed in with it loses mfa on its next request (the admin policy)', async () => {
    vi.stubEnv('REQUIRE_ADMIN_MFA', '1');
    resetEnvCache();
    const { user, authenticator } = await newUserWithPasskey({ startCounter: 1, role: 'admin' });
    const browser = new Browser();
    const signedIn = await postAssertion(browser, authenticator.assert(await signInOptions(browser)));
    const phone = `${SESSION_COOKIE}=${signedIn.sessionCookie}`;
    expect((await callRoute(adminUsers, { cookie: phone })).status).toBe(200);
    // Removed from another device (a password sign-in, recent).
    const laptop = await sessionCookie(user);
    expect((await callRoute(deletePasskey, { method: 'DELETE', cookie: laptop, params: { id: authenticator.id } })).status).toBe(204);
    const after = await callRoute(adminUsers, { cookie: phone });
    expect(after.status).toBe(403);
    expect(after.json).toMatchObject({ code: 'mfa-enrollment-required' });
    expect(await (await getDb()).select().from(webauthnCredentials).where(and(eq(webauthnCredentials.userId, user.id)))).toEqual([]);
  });

  it('the /login action (signInWithPasskey): a genuine assertion redirects to the target; a replay is the passkey message, no session', async () => {
    const { authenticator } = await newUserWithPasskey({ startCounter: 1 });
    const browser = new Browser();
    const assertion = authenticator.assert(await signInOptions(browser));
    const form = () => {
      const fd = new FormData();
      fd.set('response', JSON.stringify(assertion));
      fd.set('callbackUrl', '/products');
      return fd;
    };
    const first = enterRequest({ surface: 'action', cookie: browser.cookie(), headers: { host: new URL(ORIGIN).host, origin: ORIGIN } });
    await expect(signInWithPasskey({ status: 'idle' }, form())).rejects.toMatchObject({ digest: expect.stringContaining('/products') });
    expect(first.written.get(SESSION_COOKIE)).toBeTruthy();
    const second = enterRequest({ surface: 'action', cookie: browser.cookie(), headers: { host: new URL(ORIGIN).host, origin: ORIGIN } });
    expect(await signInWithPasskey({ status: 'idle' }, form())).toMatchObject({ status: 'error', message: SIGN_IN_FAILURES.passkey_invalid.form });
    expect(second.written.get(SESSION_COOKIE)).toBeFalsy();
  });
});
