/**
 * The provider sign-ins Auth.js offers besides the password, from the environment: GitHub and a
 * generic OpenID Connect provider (Okta, Entra ID, Google, Keycloak, Auth0…). Both leave a
 * `email_verified` flag in the profile that `lib/auth/provider-sign-in.ts` reads; only `true` counts.
 *
 * The OpenID Connect leg is Auth.js's own: discovery from the issuer, authorization code with PKCE,
 * state and nonce, the ID token validated by oauth4webapi (signature, issuer, audience, expiry,
 * nonce). Nothing here validates a token by hand.
 */
import 'server-only';
import type { Provider } from 'next-auth/providers';
import GitHub, { type GitHubProfile } from 'next-auth/providers/github';
import { getEnv } from '@/lib/core/env';

export const OIDC_PROVIDER_ID = 'oidc';
export const DEFAULT_OIDC_NAME = 'Single sign-on';

/** The providers to show on /login and the Security page, in order. */
export function configuredProviders(): { id: string; name: string }[] {
  const env = getEnv();
  const list: { id: string; name: string }[] = [];
  if (env.AUTH_OIDC_ISSUER) list.push({ id: OIDC_PROVIDER_ID, name: env.AUTH_OIDC_NAME ?? DEFAULT_OIDC_NAME });
  if (env.AUTH_GITHUB_ID) list.push({ id: 'github', name: 'GitHub' });
  return list;
}

export function providerName(id: string): string {
  return configuredProviders().find((p) => p.id === id)?.name ?? id;
}

export function providerSignIns(): Provider[] {
  const env = getEnv();
  const list: Provider[] = [];
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_ID && env.AUTH_OIDC_SECRET) {
    list.push({
      id: OIDC_PROVIDER_ID,
      name: env.AUTH_OIDC_NAME ?? DEFAULT_OIDC_NAME,
      type: 'oidc',
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_ID,
      clientSecret: env.AUTH_OIDC_SECRET,
      checks: ['pkce', 'state', 'nonce'],
      authorization: { params: { scope: 'openid email profile' } },
    });
  }
  if (env.AUTH_GITHUB_ID && env.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: env.AUTH_GITHUB_ID, clientSecret: env.AUTH_GITHUB_SECRET, userinfo: { url: 'https://api.github.com/user', request: ({ tokens }: { tokens: { access_token?: string } }) => gitHubProfile(tokens.access_token ?? '') } }));
  }
  return list;
}

/**
 * GitHub's `/user` plus the primary address from `/user/emails` with its `verified` flag: Auth.js's
 * GitHub provider takes the primary address without reading `verified`, so this reads it.
 */
export async function gitHubProfile(accessToken: string, apiBase = 'https://api.github.com'): Promise<GitHubProfile & { email_verified: boolean }> {
  const headers = { Authorization: `Bearer ${accessToken}`, 'User-Agent': 'edge-sessions', Accept: 'application/vnd.github+json' };
  const profileResponse = await fetch(`${apiBase}/user`, { headers });
  if (!profileResponse.ok) throw new Error(`GitHub /user answered ${profileResponse.status}`);
  const profile = (await profileResponse.json()) as GitHubProfile;
  const emailsResponse = await fetch(`${apiBase}/user/emails`, { headers });
  const emails = emailsResponse.ok ? ((await emailsResponse.json()) as { email: string; primary: boolean; verified: boolean }[]) : [];
  const primary = Array.isArray(emails) ? emails.find((e) => e.primary) : undefined;
  return { ...profile, email: primary?.email ?? null, email_verified: primary?.verified === true };
}

/**
 * The authentication methods a provider sign-in records in the token: the provider, plus `mfa` when
 * the ID token says a second factor was used (`amr` containing one of `AUTH_OIDC_MFA_AMR`, default
 * mfa, otp, hwk; or `acr` equal to `AUTH_OIDC_MFA_ACR` when set). Only the OIDC provider's ID token
 * is trusted for this; GitHub tells nothing, so it is one factor.
 */
export function providerAuthMethods(provider: string, claims: Record<string, unknown> | undefined): string[] {
  if (provider !== OIDC_PROVIDER_ID || !claims) return [provider];
  const env = getEnv();
  const trusted = (env.AUTH_OIDC_MFA_AMR ?? 'mfa,otp,hwk').split(',').map((s) => s.trim()).filter(Boolean);
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((v): v is string => typeof v === 'string') : [];
  const byAmr = amr.some((m) => trusted.includes(m));
  const byAcr = !!env.AUTH_OIDC_MFA_ACR && claims.acr === env.AUTH_OIDC_MFA_ACR;
  return byAmr || byAcr ? [provider, 'mfa'] : [provider];
}
