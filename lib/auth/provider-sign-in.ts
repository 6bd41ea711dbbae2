/**
 * Provider sign-in (GitHub, the configured OpenID Connect provider): the one place that decides
 * which account a provider identity opens. An identity is (provider, provider account id); an
 * email address alone never joins an identity to an account (security case 80):
 *
 * - a known identity opens the account it is linked to (banned → no session);
 * - an unknown identity needs an address the provider says is verified; then
 *   - no account has that address → a new account, verified, with the identity linked;
 *   - an account has it → linked only when that account's address is verified too; otherwise
 *     refused (`link_required`): its owner signs in with the password and connects the provider
 *     from the Security page (`connectProviderIdentity`), which links explicitly.
 */
import 'server-only';
import { sanitizeDisplayName } from '@/lib/core/validation';
import {
  createUserWithProviderAccount,
  getUserByProviderAccount,
  linkProviderAccount,
  touchProviderAccount,
  type ProviderIdentityKey,
} from '@/db/queries/provider-accounts';
import { getUserForSignIn, type UserAuthState } from '@/db/queries/users';
import { isConnectionError, isDependencyUnavailable } from '@/lib/core/errors';
import { normalizeEmail } from '@/lib/core/validation';
import type { SignedInUser } from './credentials';

export interface ProviderIdentity extends ProviderIdentityKey {
  email?: string | null;
  /** Only `true` counts: the provider's `email_verified` (OIDC) or GitHub's `verified` flag. */
  emailVerified: boolean;
  name?: string | null;
  image?: string | null;
}

/**
 * `provider_unverified`: no verified address from the provider; `link_required`: the address
 * belongs to an account that has not verified it; `account_disabled`: banned; `unavailable`: outage.
 */
export type ProviderSignInRefusal = 'provider_unverified' | 'link_required' | 'account_disabled' | 'unavailable';
export type ProviderSignInResult = { ok: true; user: SignedInUser; created: boolean } | { ok: false; code: ProviderSignInRefusal };

export async function signInWithProviderIdentity(identity: ProviderIdentity): Promise<ProviderSignInResult> {
  try {
    return await decide(identity);
  } catch (err) {
    if (isConnectionError(err) || isDependencyUnavailable(err)) return { ok: false, code: 'unavailable' };
    throw err;
  }
}

async function decide(identity: ProviderIdentity): Promise<ProviderSignInResult> {
  const key = { provider: identity.provider, providerAccountId: identity.providerAccountId };
  const linked = await getUserByProviderAccount(key);
  if (linked) {
    if (linked.bannedAt) return { ok: false, code: 'account_disabled' };
    await touchProviderAccount(key);
    return { ok: true, user: signedIn(linked), created: false };
  }
  if (!identity.emailVerified || !identity.email) return { ok: false, code: 'provider_unverified' };
  const email = normalizeEmail(identity.email);
  const existing = await getUserForSignIn(email);
  if (!existing) {
    const created = await createUserWithProviderAccount({ name: displayName(identity.name, email), email, image: identity.image ?? null }, key);
    // Taken meanwhile (the same address or the same identity, concurrently): decide again from the rows.
    return created ? { ok: true, user: signedIn(created), created: true } : decide(identity);
  }
  if (existing.bannedAt) return { ok: false, code: 'account_disabled' };
  if (!existing.emailVerifiedAt) return { ok: false, code: 'link_required' };
  const outcome = await linkProviderAccount(existing.id, key);
  if (outcome === 'elsewhere') return decide(identity);
  return { ok: true, user: signedIn(existing), created: false };
}

/** `connected`, `already` (this account's already), `elsewhere` (another account's: refused). */
export type ConnectOutcome = 'connected' | 'already' | 'elsewhere';

/**
 * The Security page's explicit link: the signed-in, re-authenticated user (bound by the connect
 * intent, `./connect-intent.ts`) came back from the provider. The address does not matter here.
 */
export async function connectProviderIdentity(userId: string, key: ProviderIdentityKey): Promise<ConnectOutcome> {
  const outcome = await linkProviderAccount(userId, { provider: key.provider, providerAccountId: key.providerAccountId });
  return outcome === 'linked' ? 'connected' : outcome;
}

/** A display name the profile rules accept, from what the provider says (else the address's local part). */
const displayName = (name: string | null | undefined, email: string) => sanitizeDisplayName(name, email.split('@')[0]);

function signedIn(row: UserAuthState): SignedInUser {
  const { id, name, email, image, role, authzVersion } = row;
  return { id, name, email, image, role, authzVersion, emailVerified: row.emailVerifiedAt !== null };
}
