/**
 * Emailed one-time tokens: 32 random bytes (base64url in the link); only the SHA-256 is stored.
 * Anything that does not look like one of ours is refused without a database read. Redeeming one
 * is shared by the password reset and the email verification.
 */
import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import {
  checkAccountToken,
  consumeAccountToken,
  createAccountToken,
  deleteAccountToken,
  type TokenProblem,
  type TokenPurpose,
} from '@/db/queries/account-tokens';
import { insertAuditEntry, type AuditAction } from '@/db/queries/audit';
import type { UserAuthState } from '@/db/queries/users';
import { changeAuthorization, type AuthzChange } from '@/lib/auth';
import { AppError } from '@/lib/core/errors';
import { sendMail, type MailMessage } from '@/lib/mail/transport';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/**
 * Stores `minted` (its hash) for `userId` and mails the message built around its token. A message
 * that cannot be sent deletes the token again (503): a link that never left must never work.
 */
export async function mailNewToken(
  userId: string,
  purpose: TokenPurpose,
  lifetimeMs: number,
  minted: { token: string; hash: string },
  message: (token: string) => MailMessage,
): Promise<void> {
  const id = await createAccountToken(userId, purpose, minted.hash, new Date(Date.now() + lifetimeMs));
  try {
    await sendMail(message(minted.token));
  } catch (err) {
    await deleteAccountToken(id);
    throw err;
  }
}

function isWellFormedToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

/** What a link that cannot be used says, by kind (the page, the form and the API). */
export const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  unknown: 'This link is not valid. Check that you opened the whole link from the email, or ask for a new one.',
  used: 'This link has already been used. Ask for a new one if you still need it.',
  expired: 'This link has expired. Ask for a new one.',
  refused: 'This account cannot use this link.',
};

/** A link that cannot be used: 400 with the message for its kind; nothing was changed. */
export class LinkError extends AppError {
  constructor(readonly problem: TokenProblem) {
    super(400, TOKEN_MESSAGES[problem]);
  }
}

/** Read-only (a page's first look): null when the link can be used now, else what is wrong with it. */
export async function linkProblem(token: unknown, purpose: TokenPurpose): Promise<TokenProblem | null> {
  if (!isWellFormedToken(token)) return 'unknown';
  const check = await checkAccountToken(hashToken(token), purpose);
  return check.status === 'ok' ? null : check.status;
}

/**
 * Checks the token, prepares the change (slow work such as hashing happens here, outside any
 * lock), then in one authorization change (user row locked first, then the token) consumes the
 * token and applies the change (KV or database down → 503, nothing changed). Returns the user as
 * the database now has them.
 */
export async function redeemToken(
  token: unknown,
  purpose: TokenPurpose,
  prepare: () => Promise<AuthzChange>,
  audit?: AuditAction,
): Promise<UserAuthState> {
  if (!isWellFormedToken(token)) throw new LinkError('unknown');
  const tokenHash = hashToken(token);
  const check = await checkAccountToken(tokenHash, purpose);
  if (check.status !== 'ok') throw new LinkError(check.status);
  const change = await prepare();
  const outcome = await changeAuthorization<undefined, TokenProblem>(check.userId, async (tx, user) => {
    const consumed = await consumeAccountToken(tx, user.id, tokenHash, purpose);
    if (consumed.status !== 'ok') return { refuse: consumed.status };
    if (audit) await insertAuditEntry(tx, { actorId: user.id, action: audit, targetId: user.id });
    return { change, value: undefined };
  });
  if (outcome.status === 'no_user') throw new LinkError('unknown');
  if (outcome.status === 'refused') throw new LinkError(outcome.reason);
  return outcome.user;
}
