/**
 * The first admin of a production deployment (`npm run create-admin`, scripts/create-admin.ts):
 * there are no default accounts (case 70), so the operator names an address and either types a
 * password or has a set-password link mailed (the reset machinery: one use, hashed, expiring).
 *
 * A new address becomes an admin with a verified address. An existing account is promoted, its
 * address marked verified, its password replaced (by the typed one, or by a random one until the
 * link is used) and every sign-in ended: an address someone registered before the operator must
 * not hand that someone an admin account.
 */
import 'server-only';
import { randomBytes } from 'node:crypto';
import { insertAuditEntry } from '@/db/queries/audit';
import { createUser, getUserForSignIn } from '@/db/queries/users';
import { mailNewToken, newToken } from '@/lib/account-recovery/tokens';
import { changeAuthorization } from '@/lib/auth';
import { AppError, conflict, validationFailed } from '@/lib/core/errors';
import { emailSchema, fieldIssues, passwordSchema, sanitizeDisplayName } from '@/lib/core/validation';
import { adminInvitationMessage } from '@/lib/mail/messages';
import { mailDelivery } from '@/lib/mail/transport';
import { hashPassword } from '@/lib/password';

/** How long the mailed set-password link works: an operator's invitation, not a self-service reset. */
export const ADMIN_INVITE_HOURS = 24;

export type AdminSetup = { email: string; password: string } | { email: string; mailOrigin: string };

export interface AdminSetupResult {
  status: 'created' | 'promoted';
  userId: string;
  email: string;
  mailed: boolean;
}

/** 422 for a bad address or password; 409 for a banned account; 503 when the link cannot be mailed. */
export async function createOrPromoteAdmin(setup: AdminSetup): Promise<AdminSetupResult> {
  const email = emailSchema.safeParse(setup.email);
  if (!email.success) throw validationFailed(fieldIssues(email.error));
  let passwordHash: string;
  if ('password' in setup) {
    const password = passwordSchema.safeParse(setup.password);
    if (!password.success) throw validationFailed({ password: fieldIssues(password.error)._ ?? ['Invalid password'] });
    passwordHash = await hashPassword(password.data);
  } else {
    mailDelivery(); // refuse before anything is written when the link could not leave
    // Nobody knows this password: the account has none usable until the link is followed.
    passwordHash = await hashPassword(randomBytes(32).toString('base64url'));
  }

  const existing = await getUserForSignIn(email.data);
  let userId: string;
  let status: AdminSetupResult['status'];
  if (existing) {
    // Admin, address verified, the password replaced and every sign-in and open link ended in one
    // authorization change: whoever registered the address before the operator keeps nothing.
    // Audited as the account's own change (there may be no admin yet to name); a banned account is left alone.
    const result = await changeAuthorization(existing.id, async (tx, before) => {
      if (before.bannedAt) return { refuse: 'banned' as const };
      await insertAuditEntry(tx, { actorId: existing.id, targetId: existing.id, action: 'user.role_changed', details: { from: before.role, to: 'admin', via: 'create-admin' } });
      return { change: { role: 'admin', emailVerified: true, passwordHash, endSignIns: 'all', endLinks: true }, value: undefined };
    });
    if (result.status === 'refused') throw conflict(`${email.data} is banned: it cannot be made an admin`);
    if (result.status === 'no_user') throw new AppError(409, `${email.data} was deleted meanwhile: run the command again`);
    userId = existing.id;
    status = 'promoted';
  } else {
    const name = sanitizeDisplayName(email.data.split('@')[0], 'Admin');
    const user = await createUser({ name, email: email.data, passwordHash, role: 'admin', emailVerified: true });
    if (!user) throw conflict(`${email.data} was registered meanwhile: run the command again to promote it`);
    userId = user.id;
    status = 'created';
  }

  if ('mailOrigin' in setup) {
    const origin = setup.mailOrigin;
    await mailNewToken(userId, 'password_reset', ADMIN_INVITE_HOURS * 3_600_000, newToken(), (token) =>
      adminInvitationMessage(email.data, `${origin}/reset-password?token=${token}`, ADMIN_INVITE_HOURS),
    );
  }
  return { status, userId, email: email.data, mailed: 'mailOrigin' in setup };
}
