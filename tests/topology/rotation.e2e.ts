/**
 * Case 9 across instances: rotating AUTH_SECRET with a rolling restart signs nobody out.
 *
 * Two rolling restarts, one instance at a time (nginx sends the restarting instance's requests to
 * the others). Phase 1: every instance learns the new secret for decryption only
 * (`AUTH_SECRET=<old>`, `AUTH_SECRET_PREVIOUS=<new>`), still encrypting with the old one. Phase 2:
 * `AUTH_SECRET=<new>`, `AUTH_SECRET_PREVIOUS=<old>`. At every step, instances with the new secret
 * serve beside instances still on the old one, and every session — signed in before, or on an
 * instance of either kind during the roll — is accepted by every instance. The phase-2 instances
 * also switch from AUTH_TRUST_HOST to AUTH_URL (the other way the recipe fixes the public origin).
 */
import { randomBytes } from 'node:crypto';
import { decode } from 'next-auth/jwt';
import { expect, test } from '@playwright/test';
import { uniqueUser } from '../e2e/support/fixtures';
import { ProxyClient } from './support/client';
import { ALL, restartInstance, servedBy, topology, untilServedBy } from './support/state';

const COOKIE = '__Host-authjs.session-token';

/**
 * Auth.js binds its CSRF cookie to the whole secret list (`${token}${secret}`): an API sign-in
 * whose GET /api/auth/csrf and POST land on instances with different lists is refused with
 * MissingCSRF (no cookie is touched: nobody is signed out; the client must fetch a new token).
 * One naive sign-in per step measures how often that happens; then the sign-in used for the test
 * keeps both requests on one instance (round-robin: two other requests in between).
 */
const csrf = { naive: 0, refused: 0 };

async function signInAt(instance: number, user: { email: string; password: string }): Promise<ProxyClient> {
  const naive = new ProxyClient();
  const first = await naive.signIn(user.email, user.password);
  csrf.naive++;
  if (new URL(first.headers.get('location')!).searchParams.get('error') === 'MissingCSRF') csrf.refused++;
  for (let attempt = 0; attempt < 6; attempt++) {
    const client = new ProxyClient();
    const token = await client.fetch('/api/auth/csrf');
    if (servedBy(token) !== instance) continue;
    for (let i = 0; i < ALL.length - 1; i++) await client.fetch('/api/health');
    const { csrfToken } = (await token.json()) as { csrfToken: string };
    const res = await client.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email: user.email, password: user.password }).toString(),
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!).origin).toBe(topology().publicOrigin);
    if (servedBy(res) !== instance) continue;
    expect(client.sessionToken, res.headers.get('location') ?? '').toBeTruthy();
    return client;
  }
  throw new Error(`no sign-in landed on instance ${instance}`);
}

async function secretOf(client: ProxyClient, secrets: Record<string, string>): Promise<string> {
  for (const [name, secret] of Object.entries(secrets)) {
    const payload = await decode({ token: client.jar.get(COOKIE)!, secret, salt: COOKIE }).catch(() => null);
    if (payload) return name;
  }
  return 'none';
}

test('a rolling secret rotation over three instances signs nobody out', async () => {
  test.setTimeout(240_000);
  const oldSecret = topology().oldSecret;
  const newSecret = randomBytes(32).toString('base64url');
  const user = uniqueUser('rotate');
  expect((await new ProxyClient().fetch('/api/register', { method: 'POST', json: user })).status).toBe(201);

  const sessions: { label: string; client: ProxyClient }[] = [];
  const everyoneEverywhere = async (step: string) => {
    for (const { label, client } of sessions) {
      await untilServedBy(ALL, () => client.fetch('/api/user'), (res, instance) => {
        expect(res.status, `${step}: session ${label} on instance ${instance}`).toBe(200);
      });
    }
  };

  for (const i of ALL) sessions.push({ label: `before, at ${i}`, client: await signInAt(i, user) });
  await everyoneEverywhere('before');

  const restarts: number[] = [];
  for (const i of ALL) {
    restarts.push(await restartInstance(i, { AUTH_SECRET: oldSecret, AUTH_SECRET_PREVIOUS: newSecret }));
    const client = await signInAt(i, user);
    expect(await secretOf(client, { old: oldSecret, new: newSecret })).toBe('old');
    sessions.push({ label: `phase 1, at ${i}`, client });
    await everyoneEverywhere(`phase 1, ${i + 1} of 3 restarted`);
  }

  for (const i of ALL) {
    restarts.push(await restartInstance(i, { AUTH_SECRET: newSecret, AUTH_SECRET_PREVIOUS: oldSecret, AUTH_URL: topology().publicOrigin, AUTH_TRUST_HOST: null }));
    const client = await signInAt(i, user);
    // Minted by an instance with the new secret, accepted by those still encrypting with the old.
    expect(await secretOf(client, { old: oldSecret, new: newSecret })).toBe('new');
    sessions.push({ label: `phase 2, at ${i}`, client });
    await everyoneEverywhere(`phase 2, ${i + 1} of 3 restarted`);
  }
  console.log(`topology: rotation restarted 6 instances (${restarts.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}); ${sessions.length} sessions, none signed out; naive API sign-ins refused MissingCSRF: ${csrf.refused} of ${csrf.naive}`);
});
