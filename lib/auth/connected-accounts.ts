/**
 * The Security page's connected accounts: which provider identities sign in to this account,
 * connecting one (re-authenticated, then through the provider: `./connect-intent.ts`) and
 * disconnecting one (never the last way to sign in).
 */
import 'server-only';
import { getPasswordHash } from '@/db/queries/authz';
import { listProviderAccountsForUser, unlinkProviderAccount } from '@/db/queries/provider-accounts';
import { AppError, toAppError } from '@/lib/core/errors';
import { verifyCurrentPassword } from './current-password';
import { setConnectIntent } from './connect-intent';
import { configuredProviders } from './providers';

export interface ConnectedAccountView {
  provider: string;
  name: string;
  connected: boolean;
  linkedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Without a password, connecting needs a sign-in at most this old (there is nothing to re-enter). */
const RECENT_SIGN_IN_SECONDS = 10 * 60;
export const WRONG_PASSWORD_FOR_CONNECT = 'The password is not correct';
export const LAST_SIGN_IN_METHOD = 'This is the only way to sign in to your account. Set a password (Forgot password on the sign-in page) or connect another account first.';

export async function listConnectedAccounts(userId: string): Promise<{ accounts: ConnectedAccountView[]; hasPassword: boolean }> {
  const [rows, hash] = await Promise.all([listProviderAccountsForUser(userId), getPasswordHash(userId)]);
  const byProvider = new Map(rows.map((r) => [r.provider, r]));
  const accounts = configuredProviders().map(({ id, name }) => {
    const row = byProvider.get(id);
    return { provider: id, name, connected: !!row, linkedAt: row?.linkedAt ?? null, lastUsedAt: row?.lastUsedAt ?? null };
  });
  // An identity of a provider no longer configured still signs nothing in, but is shown so it can be removed.
  for (const row of rows) {
    if (!accounts.some((a) => a.provider === row.provider)) accounts.push({ provider: row.provider, name: row.provider, connected: true, linkedAt: row.linkedAt, lastUsedAt: row.lastUsedAt });
  }
  return { accounts, hasPassword: hash !== null };
}

/**
 * Re-authenticates (the password; without one, a recent sign-in) and records the intent to connect
 * `provider` to this sign-in's account. The caller then starts the provider's flow.
 */
export async function startConnectingProvider(session: { user: { id: string }; sid: string; authTime: number }, provider: string, password: string): Promise<void> {
  if (!configuredProviders().some((p) => p.id === provider)) throw new AppError(422, 'Validation failed', { provider: ['Unknown provider'] });
  const hash = await getPasswordHash(session.user.id);
  if (hash) {
    // The same check as a password change: it counts in the account's sign-in budget (case 71).
    await verifyCurrentPassword(session.user.id, password).catch((err: unknown) => {
      const refused = toAppError(err);
      if (refused.status === 422) throw new AppError(422, 'Validation failed', { password: [WRONG_PASSWORD_FOR_CONNECT] });
      if (refused.status === 429) throw new AppError(429, refused.message, { password: [refused.message] }, refused.headers);
      throw err;
    });
  } else if (Math.floor(Date.now() / 1000) - session.authTime > RECENT_SIGN_IN_SECONDS) {
    throw new AppError(403, 'Sign in again, then connect the account within 10 minutes');
  }
  await setConnectIntent({ userId: session.user.id, sid: session.sid, provider });
}

export async function disconnectProvider(userId: string, provider: string): Promise<void> {
  const outcome = await unlinkProviderAccount(userId, provider);
  if (outcome === 'last') throw new AppError(409, LAST_SIGN_IN_METHOD);
  if (outcome === 'none') throw new AppError(404, 'That account is not connected');
}
