/**
 * Two-step verification for API clients in the end-to-end suites: turning on the authenticator
 * app through the JSON API and signing in with a code, codes computed from the key the server
 * returned (otplib, as an authenticator app would). A code is accepted once: `nextCode` hands out
 * the codes of successive 30-second steps (the server accepts one step ahead), waiting when needed.
 */
import { generate } from 'otplib';
import { expect } from '@playwright/test';
import { ApiClient } from './api-client';

const STEP = 30;
const lastStep = new Map<string, number>();

/** A code of a time step not used yet for `secret` (the current one, then the next, then waits). */
export async function nextCode(secret: string): Promise<string> {
  const current = Math.floor(Date.now() / 1000 / STEP);
  let step = Math.max(current, (lastStep.get(secret) ?? -1) + 1);
  if (step > current + 1) {
    await new Promise((r) => setTimeout(r, ((step - 1) * STEP + 1) * 1000 - Date.now()));
    step = Math.max(step, Math.floor(Date.now() / 1000 / STEP));
  }
  lastStep.set(secret, step);
  return generate({ secret, epoch: step * STEP + 1 });
}

/** Turns on the authenticator app of a signed-in client (a recent sign-in: sudo mode); returns its key and recovery codes. */
export async function enableTotp(client: ApiClient): Promise<{ secret: string; recoveryCodes: string[] }> {
  const started = await client.fetch('/api/user/totp', { method: 'POST' });
  expect(started.status).toBe(200);
  const { secret } = (await started.json()) as { secret: string };
  const confirmed = await client.fetch('/api/user/totp/confirm', { method: 'POST', json: { code: await nextCode(secret) } });
  expect(confirmed.status).toBe(200);
  const { recoveryCodes } = (await confirmed.json()) as { recoveryCodes: string[] };
  return { secret, recoveryCodes };
}

/** A client signed in with password and code: a multi-factor session. */
export async function signInWithCode(baseURL: string, account: { email: string; password: string }, secret: string): Promise<ApiClient> {
  const client = new ApiClient(baseURL);
  await client.signIn(account.email, account.password, { code: await nextCode(secret) });
  expect(client.sessionToken).toBeTruthy();
  return client;
}
