/**
 * Auth.js's `signIn` callback for provider sign-ins (`auth.ts`). A returned path is where Auth.js
 * redirects instead of starting a session: `/login?error=ProviderSignIn&code=…` for a refusal,
 * `/profile/security?connect=…` after a Security-page connect (the browser keeps its session).
 */
import 'server-only';
import type { Account, Profile } from 'next-auth';
import { hasConnectIntent, takeConnectIntent } from './connect-intent';
import { connectProviderIdentity, signInWithProviderIdentity } from './provider-sign-in';

/** What Auth.js built from the provider's profile; replaced by our own row on success. */
type ProviderUser = { email?: string | null; name?: string | null; image?: string | null };

export async function providerSignInCallback(user: ProviderUser, account: Account, profile: Profile | undefined): Promise<true | string> {
  const key = { provider: account.provider, providerAccountId: account.providerAccountId };
  const provider = encodeURIComponent(account.provider);
  if (await hasConnectIntent()) {
    // Someone pressed "Connect": this identity is linked to that account or to none, never signed in.
    const intent = await takeConnectIntent(account.provider);
    if (!intent) return `/profile/security?connect=expired&provider=${provider}`;
    const outcome = await connectProviderIdentity(intent.userId, key);
    return `/profile/security?connect=${outcome}&provider=${provider}`;
  }
  const result = await signInWithProviderIdentity({
    ...key,
    email: user.email,
    emailVerified: profile?.email_verified === true,
    name: user.name,
    image: user.image,
  });
  if (!result.ok) return `/login?error=ProviderSignIn&code=${result.code}&provider=${provider}`;
  Object.assign(user, result.user);
  return true;
}
