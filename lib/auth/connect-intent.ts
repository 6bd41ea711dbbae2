/**
 * "Connect <provider>" from the Security page: the intent to link the next provider identity to
 * THIS account. The action (signed in, re-authenticated) sets a short-lived encrypted cookie naming
 * the user, the sign-in and the provider, then starts the provider's flow; Auth.js's `signIn`
 * callback takes it back when the provider returns. It counts only while the browser still carries
 * a live session of that same sign-in, so a copied or stale cookie links nothing.
 */
import 'server-only';
import { hkdfSync } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { EncryptJWT, jwtDecrypt } from 'jose';
import { getEnv } from '@/lib/core/env';
import { publicOrigin } from '@/lib/core/public-origin';
import { getSession } from './session';

const COOKIE = 'edge-sessions.connect-intent';
/** Long enough to type a password at the provider, short enough that a forgotten intent dies. */
export const CONNECT_INTENT_MAX_AGE_SECONDS = 10 * 60;

export interface ConnectIntent {
  userId: string;
  sid: string;
  provider: string;
}

function key(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secret, 'edge-sessions connect intent', 'A256GCM key', 32));
}

/** Sets the intent cookie (Path is Auth.js's callback, where it is read; SameSite=Lax survives the provider's redirect back). */
export async function setConnectIntent(intent: ConnectIntent): Promise<void> {
  const [secret] = getEnv().authSecrets;
  if (!secret) throw new Error('No session secret configured');
  const token = await new EncryptJWT({ uid: intent.userId, sid: intent.sid, provider: intent.provider })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${CONNECT_INTENT_MAX_AGE_SECONDS}s`)
    .encrypt(key(secret));
  const secure = publicOrigin(await headers()).startsWith('https:');
  (await cookies()).set(COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/api/auth/callback', maxAge: CONNECT_INTENT_MAX_AGE_SECONDS });
}

/**
 * The intent for `provider`, consumed (the cookie is cleared whatever it holds): null when there is
 * none, it is expired or forged, names another provider, or the session that set it is not this
 * request's live session.
 */
export async function takeConnectIntent(provider: string): Promise<ConnectIntent | null> {
  const jar = await cookies();
  const value = jar.get(COOKIE)?.value;
  if (!value) return null;
  jar.set(COOKIE, '', { path: '/api/auth/callback', maxAge: 0 });
  const intent = await decrypt(value);
  if (!intent || intent.provider !== provider) return null;
  const session = await getSession();
  return session && session.user.id === intent.userId && session.sid === intent.sid ? intent : null;
}

/** Whether the request carries an intent cookie at all (a refused intent must not fall back to a sign-in). */
export async function hasConnectIntent(): Promise<boolean> {
  return !!(await cookies()).get(COOKIE)?.value;
}

async function decrypt(token: string): Promise<ConnectIntent | null> {
  for (const secret of getEnv().authSecrets) {
    try {
      const { payload } = await jwtDecrypt(token, key(secret), { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] });
      const { uid, sid, provider } = payload;
      if (typeof uid === 'string' && typeof sid === 'string' && typeof provider === 'string') return { userId: uid, sid, provider };
      return null;
    } catch {
      // next secret
    }
  }
  return null;
}
