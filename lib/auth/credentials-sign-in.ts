/**
 * The Credentials provider's `authorize` (auth.ts), for the Auth.js route and the sign-in form
 * alike: the client address and the device cookie are read from the request, the credentials
 * checked behind the throttle, and a success makes this browser a known device of the account
 * (OWASP device cookies: it is then judged on its own counter, never locked out by others).
 */
import 'server-only';
import { clientAddressFromHeaders } from '@/lib/client-address';
import { verifyCredentials, type CredentialsResult } from './credentials';
import { deviceCookieOf, rememberDevice } from './device-cookie';

export async function authorizeCredentials(input: unknown, requestHeaders: Headers): Promise<CredentialsResult> {
  const result = await verifyCredentials(input, clientAddressFromHeaders(requestHeaders), { deviceToken: deviceCookieOf(requestHeaders) });
  if (result.ok) await rememberDevice(requestHeaders, result.user.email);
  return result;
}
