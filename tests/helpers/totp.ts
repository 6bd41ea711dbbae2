/** TOTP in tests: codes computed with otplib from the secret the app handed out, at a chosen time step. */
import { generate } from 'otplib';
import { POST as confirmRoute } from '@/app/api/user/totp/confirm/route';
import { POST as startRoute } from '@/app/api/user/totp/route';
import { callRoute } from './http';

/** The code of `secret` `offset` time steps (30 s) from now (±1 is accepted by the app). */
export function totpCode(secret: string, offset = 0, at = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at / 1000) + offset * 30 });
}

/** Sets up and confirms the authenticator app through the API (the previous time step's code): its secret and recovery codes. */
export async function enableTotp(cookie: string): Promise<{ secret: string; recoveryCodes: string[]; cookie: string }> {
  const started = await callRoute(startRoute, { method: 'POST', cookie });
  if (started.status !== 200) throw new Error(`POST /api/user/totp: ${started.status} ${started.text}`);
  const secret = (started.json as { secret: string }).secret;
  const confirmed = await callRoute(confirmRoute, { method: 'POST', cookie, body: { code: await totpCode(secret, -1) } });
  if (confirmed.status !== 200) throw new Error(`POST /api/user/totp/confirm: ${confirmed.status} ${confirmed.text}`);
  const name = cookie.slice(0, cookie.indexOf('='));
  const reissued = confirmed.cookiesWritten.get(name);
  return { secret, recoveryCodes: (confirmed.json as { recoveryCodes: string[] }).recoveryCodes, cookie: reissued ? `${name}=${reissued}` : cookie };
}
