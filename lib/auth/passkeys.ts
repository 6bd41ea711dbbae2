/**
 * Passkeys (WebAuthn) with @simplewebauthn/server: registration from the Security page, and
 * usernameless sign-in through Auth.js's `passkey` Credentials provider (auth.ts). No CBOR, COSE
 * or attestation parsing here: the library does all of it.
 *
 * - Relying party: the RP ID is the host name of the public origin and the expected origin is the
 *   public origin itself (`publicOrigin`: `AUTH_URL`, or the trusted proxy), never an unchecked Host.
 * - Challenges: one `auth_challenges` row per ceremony (5 minutes), bound to this browser
 *   (`ensureCeremonyBinding`), and taken with `consumeChallengeByValue` BEFORE anything is
 *   verified, so a challenge is single-use even when the answer is refused. Autofill on /login and
 *   the "Sign in with a passkey" button each hold their own row: neither overwrites the other.
 * - Registration: discoverable credential and user verification required, the user's credentials
 *   excluded, attestation 'none'; stored through `changeFactors` (audited, mailed, version bumped).
 * - Sign-in: the credential decides the user; the signature counter must move forward unless both
 *   are zero. The check is our own conditional UPDATE after the signature was verified (the
 *   library is handed a zero counter so it never refuses before the signature is checked): only a
 *   genuine assertion with a counter that went backwards is reported as a cloned authenticator
 *   (refused, audited `factor.passkey_counter_regressed`, mailed), and two concurrent uses of one
 *   counter value cannot both pass.
 */
import 'server-only';
import { headers } from 'next/headers';
import { z } from 'zod';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { decodeClientDataJSON, isoBase64URL } from '@simplewebauthn/server/helpers';
import { consumeChallengeByValue, createChallenge } from '@/db/queries/auth-challenges';
import {
  advancePasskeyCounter,
  countPasskeys,
  deletePasskey,
  getPasskeyForSignIn,
  insertPasskey,
  listPasskeyDescriptors,
  listPasskeys,
  renamePasskey,
  type PasskeyListItem,
} from '@/db/queries/passkeys';
import { clientAddressFromHeaders } from '@/lib/client-address';
import { PASSKEY_METHODS, withSecondFactor } from '@/lib/core/auth-methods';
import { badRequest, conflict, isConnectionError, isDependencyUnavailable, notFound, unauthorized } from '@/lib/core/errors';
import { publicOrigin } from '@/lib/core/public-origin';
import { ensureCeremonyBinding, readCeremonyBinding } from './ceremony-binding';
import { recordSignInOutcome, type CredentialsResult } from './credentials';
import { changeFactors } from './factor-change';
import { requireRecentAuthentication } from './reauth';
import type { AppSession } from './session';
import { claimsOf, reissueSession } from './session-cookie';
import { checkClientAllowed, isThrottleUnavailable, recordClientFailure } from './throttle';

/** How long a ceremony may take (the challenge row's life and the browser's timeout). */
export const PASSKEY_CHALLENGE_TTL_SECONDS = 5 * 60;
const RP_NAME = 'edge-sessions';

export type PasskeyView = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

const toView = (p: PasskeyListItem): PasskeyView => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null });

/** The relying party of this request: the public origin and its host name. */
export function relyingParty(requestHeaders: Headers): { origin: string; rpID: string } {
  const origin = publicOrigin(requestHeaders);
  return { origin, rpID: new URL(origin).hostname };
}

/** The WebAuthn user handle of an account: its id's bytes (no personal data). */
const userHandleOf = (userId: string) => new TextEncoder().encode(userId);

const base64url = z.string().min(1).max(16_384).regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const credentialBase = {
  id: base64url.max(1_400),
  rawId: base64url.max(1_400),
  type: z.literal('public-key'),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
};
const registrationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    transports: z.array(z.string().max(32)).max(8).optional(),
    authenticatorData: base64url.optional(),
    publicKey: base64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
});
const authenticationResponseSchema = z.object({
  ...credentialBase,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
});

/** The challenge a response answers (its clientDataJSON), or '' when it cannot be read. */
function challengeOf(clientDataJSON: string): string {
  try {
    const challenge = decodeClientDataJSON(clientDataJSON).challenge;
    return typeof challenge === 'string' ? challenge : '';
  } catch {
    return '';
  }
}

const ceremonyRefused = () => badRequest('This passkey request expired or did not start in this browser. Please try again.');
const passkeyRefused = () => badRequest('The passkey could not be verified. Please try again.');

// ---------------------------------------------------------------------------------------------
// The Security page: list, register, rename, remove.

export async function listOwnPasskeys(userId: string): Promise<PasskeyView[]> {
  return (await listPasskeys(userId)).map(toView);
}

/** Registration options for the signed-in user (sudo); the challenge is stored for this browser. */
export async function startPasskeyRegistration(session: AppSession): Promise<PublicKeyCredentialCreationOptionsJSON> {
  requireRecentAuthentication(session);
  const { rpID } = relyingParty(await headers());
  const existing = await listPasskeyDescriptors(session.user.id);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID,
    userName: session.user.email,
    userDisplayName: session.user.name || session.user.email,
    userID: userHandleOf(session.user.id),
    timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000,
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransport[] })),
    authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'required' },
  });
  const bindingHash = await ensureCeremonyBinding();
  await createChallenge({ purpose: 'passkey_registration', userId: session.user.id, challenge: options.challenge, bindingHash, ttlSeconds: PASSKEY_CHALLENGE_TTL_SECONDS });
  return options;
}

const defaultName = (count: number) => `Passkey ${count + 1}`;

/**
 * Verifies a registration response and stores the passkey (sudo). This browser's cookie is
 * re-issued with the passkey as a second factor proven now (`hwk`, `mfa`) and a fresh `reauthAt`.
 */
export async function finishPasskeyRegistration(session: AppSession, input: { name?: string; response: unknown }): Promise<PasskeyView> {
  requireRecentAuthentication(session);
  const parsed = registrationResponseSchema.safeParse(input.response);
  if (!parsed.success) throw passkeyRefused();
  const response = parsed.data as RegistrationResponseJSON;
  const binding = await readCeremonyBinding();
  // Taken before verifying: a refused answer used its challenge up too.
  const challenge = binding ? await consumeChallengeByValue(challengeOf(response.response.clientDataJSON), 'passkey_registration', binding) : null;
  if (!challenge || challenge.userId !== session.user.id) throw ceremonyRefused();

  const { origin, rpID } = relyingParty(await headers());
  let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
  try {
    verified = await verifyRegistrationResponse({ response, expectedChallenge: challenge.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true });
  } catch {
    throw passkeyRefused();
  }
  if (!verified.verified) throw passkeyRefused();
  const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
  const requestedName = input.name?.trim();

  // The audit entry is written after `apply`, which fills the name in.
  const details: Record<string, unknown> = { credentialId: credential.id };
  const outcome = await changeFactors<PasskeyListItem>(session.user.id, {
    audit: { action: 'factor.passkey_added', details },
    apply: async (tx, user) => {
      const name = requestedName || defaultName(await countPasskeys(tx, user.id));
      details.name = name;
      const stored = await insertPasskey(tx, {
        id: credential.id,
        userId: user.id,
        publicKey: credential.publicKey,
        counter: credential.counter,
        transports: (credential.transports ?? response.response.transports ?? []).slice(0, 8),
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        name,
      });
      if (!stored) return { refuse: 'exists' };
      return { value: stored, notice: { subject: 'A passkey was added', lines: [`A passkey named "${name}" was added to your account. It can now sign you in without a password.`] } };
    },
  });
  if (outcome.status === 'no_user') throw unauthorized();
  if (outcome.status === 'refused') throw conflict('This passkey is already registered.');
  const reauthAt = Math.floor(Date.now() / 1000);
  await reissueSession(session.user.id, (claims) => ({ ...claimsOf(outcome.user, withSecondFactor(claims.amr, 'hwk')), reauthAt }));
  return toView(outcome.value);
}

/** Renames one of the user's passkeys; 404 for an unknown id or another user's. */
export async function renameOwnPasskey(userId: string, credentialId: string, name: string): Promise<PasskeyView> {
  const renamed = await renamePasskey(userId, credentialId, name.trim());
  if (!renamed) throw notFound('Passkey not found');
  return toView(renamed);
}

/** Removes one of the user's passkeys (sudo); 404 for an unknown id or another user's. */
export async function removeOwnPasskey(session: AppSession, credentialId: string): Promise<void> {
  requireRecentAuthentication(session);
  const details: Record<string, unknown> = { credentialId };
  const outcome = await changeFactors<{ name: string }>(session.user.id, {
    audit: { action: 'factor.passkey_removed', details },
    apply: async (tx, user) => {
      const removed = await deletePasskey(tx, user.id, credentialId);
      if (!removed) return { refuse: 'not_found' };
      details.name = removed.name;
      return { value: removed, notice: { subject: 'A passkey was removed', lines: [`The passkey named "${removed.name}" was removed from your account. It can no longer sign you in.`] } };
    },
  });
  if (outcome.status === 'no_user') throw unauthorized();
  if (outcome.status === 'refused') throw notFound('Passkey not found');
  // This browser continues with the fresh claims (a sign-in that rested on the last passkey loses `mfa`).
  await reissueSession(session.user.id, (claims) => claimsOf(outcome.user, claims.amr));
}

// ---------------------------------------------------------------------------------------------
// Sign-in.

/** Usernameless authentication options (no allowCredentials); the challenge is stored for this browser. */
export async function startPasskeySignIn(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty(await headers());
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', timeout: PASSKEY_CHALLENGE_TTL_SECONDS * 1000 });
  const bindingHash = await ensureCeremonyBinding();
  await createChallenge({ purpose: 'passkey_authentication', challenge: options.challenge, bindingHash, ttlSeconds: PASSKEY_CHALLENGE_TTL_SECONDS });
  return options;
}

const refused = { ok: false, code: 'passkey_invalid' } as const;

/**
 * The `passkey` provider's `authorize` (auth.ts): `input.response` is the JSON of
 * `startAuthentication()`'s result. Behind the client-address throttle; banned users refused.
 */
export async function authorizePasskey(input: unknown, requestHeaders: Headers, at = Date.now()): Promise<CredentialsResult> {
  const result = await verifyPasskeySignIn(input, clientAddressFromHeaders(requestHeaders), at);
  recordSignInOutcome(result);
  return result;
}

async function verifyPasskeySignIn(input: unknown, address: string, at: number): Promise<CredentialsResult> {
  try {
    const before = await checkClientAllowed(address, at);
    if (before.limited) return { ok: false, code: 'rate_limited', retryAfterSeconds: before.retryAfterSeconds };
    const outcome = await verifyAssertion(input);
    if (!outcome.ok) await recordClientFailure(address, at);
    return outcome;
  } catch (err) {
    if (isThrottleUnavailable(err) || isConnectionError(err) || isDependencyUnavailable(err)) return { ok: false, code: 'unavailable' };
    throw err;
  }
}

function parseAssertion(input: unknown): AuthenticationResponseJSON | null {
  const raw = (input as { response?: unknown } | null)?.response;
  if (typeof raw !== 'string' || raw.length > 32_768) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = authenticationResponseSchema.safeParse(json);
  return parsed.success ? (parsed.data as AuthenticationResponseJSON) : null;
}

async function verifyAssertion(input: unknown): Promise<CredentialsResult> {
  const response = parseAssertion(input);
  if (!response) return refused;
  const binding = await readCeremonyBinding();
  // Taken before verifying: a replayed, foreign or refused answer never gets a second try.
  const challenge = binding ? await consumeChallengeByValue(challengeOf(response.response.clientDataJSON), 'passkey_authentication', binding) : null;
  if (!challenge) return refused;

  const found = await getPasskeyForSignIn(response.id);
  if (!found) return refused;
  const { passkey, user } = found;
  // The authenticator names the account it holds the passkey for: it must be the credential's.
  if (response.response.userHandle && safeUtf8(response.response.userHandle) !== passkey.userId) return refused;

  const { origin, rpID } = relyingParty(await headers());
  let verified: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
  try {
    verified = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
      // Zero: the library's own counter check would refuse before the signature is checked; ours follows.
      credential: { id: passkey.id, publicKey: passkey.publicKey, counter: 0, transports: passkey.transports as AuthenticatorTransport[] },
    });
  } catch {
    return refused;
  }
  if (!verified.verified) return refused;
  if (user.bannedAt) return refused;

  const newCounter = verified.authenticationInfo.newCounter;
  if (!(await advancePasskeyCounter(passkey.id, user.id, newCounter))) {
    await reportCounterRegression(user.id, passkey.id, newCounter);
    return refused;
  }
  return {
    ok: true,
    user: {
      id: user.id,
      name: user.name,
      email: user.email,
      image: user.image,
      role: user.role,
      authzVersion: user.authzVersion,
      emailVerified: user.emailVerifiedAt !== null,
      amr: [...PASSKEY_METHODS],
    },
  };
}

function safeUtf8(value: string): string | null {
  try {
    return isoBase64URL.toUTF8String(value);
  } catch {
    return null;
  }
}

/** A genuine assertion whose counter did not move forward: a cloned authenticator. Audited and mailed; the sign-in is refused. */
async function reportCounterRegression(userId: string, credentialId: string, counter: number): Promise<void> {
  await changeFactors<undefined>(userId, {
      audit: { action: 'factor.passkey_counter_regressed', details: { credentialId, counter } },
      apply: async () => ({
        value: undefined,
        notice: {
          subject: 'A passkey sign-in was refused',
          lines: ['A sign-in with one of your passkeys was refused: its signature counter went backwards, which is what a copied (cloned) passkey does.', 'Remove that passkey from the Security page if you do not recognise this.'],
        },
      }),
  });
}
