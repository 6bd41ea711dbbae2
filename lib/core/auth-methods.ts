/**
 * How a sign-in authenticated: the token's `amr` claim (RFC 8176 names, edge-safe, no I/O).
 *
 * - `pwd`: a password; `otp`: an authenticator-app code; `rec`: a recovery code;
 * - `hwk`: a passkey (a key held by an authenticator, with user verification: two factors alone);
 * - a provider id (`github`, `oidc`) for a provider sign-in;
 * - `mfa`: the sign-in used more than one factor. This is the claim the admin policy reads.
 *
 * `mfa` from our own factors follows the freshness protocol like the role: when the factor a
 * sign-in used is gone (TOTP turned off, the last passkey removed), every token of that user is
 * stale on its next request and `refreshAuthMethods` takes `mfa` away. A provider's `mfa` (its
 * ID token said so) is the provider's fact and stays.
 */

export type AuthMethod = 'pwd' | 'otp' | 'rec' | 'hwk' | 'mfa' | (string & {});

/** The second factors of an account, as the database says now (`UserAuthState`). */
export interface AccountFactors {
  hasTotp: boolean;
  hasPasskey: boolean;
}

export const PASSWORD_METHODS: AuthMethod[] = ['pwd'];
export const PASSWORD_AND_TOTP: AuthMethod[] = ['pwd', 'otp', 'mfa'];
export const PASSWORD_AND_RECOVERY_CODE: AuthMethod[] = ['pwd', 'rec', 'mfa'];
export const PASSKEY_METHODS: AuthMethod[] = ['hwk', 'mfa'];

const LOCAL_FACTORS = new Set(['otp', 'rec', 'hwk']);

/** Whether a token's methods count as multi-factor (the admin policy). */
export function isMultiFactor(amr: readonly string[] | undefined): boolean {
  return !!amr?.includes('mfa');
}

/**
 * The methods a token keeps once the database's view of the account is known (the stale path):
 * a code or recovery code counts only while the authenticator app is on, a passkey only while
 * the account has one. A sign-in whose `mfa` rested on our own factors loses it with them.
 */
export function refreshAuthMethods(amr: readonly string[] | undefined, factors: AccountFactors): string[] | undefined {
  if (!amr) return amr;
  const kept = amr.filter((m) => {
    if (m === 'otp' || m === 'rec') return factors.hasTotp;
    if (m === 'hwk') return factors.hasPasskey;
    return true;
  });
  const usedLocalFactor = amr.some((m) => LOCAL_FACTORS.has(m));
  if (usedLocalFactor && !kept.some((m) => LOCAL_FACTORS.has(m))) return kept.filter((m) => m !== 'mfa');
  return kept;
}

/**
 * The methods after this browser proved a second factor during the session (re-authentication
 * with a code, or setting up a factor): `method` and `mfa` are added (at most 4 entries).
 */
export function withSecondFactor(amr: readonly string[] | undefined, method: 'otp' | 'rec' | 'hwk'): string[] {
  const base = (amr ?? ['pwd']).filter((m) => m !== 'mfa' && m !== method);
  return [...base, method, 'mfa'].slice(-4);
}
