/**
 * Every change of a user's second factors (TOTP on or off, recovery codes generated or used, a
 * passkey added or removed, an admin's reset) is an authorization change: the admin policy and
 * the token's `mfa` rest on it. So each goes through `changeAuthorization` (KV marker removed, one
 * transaction that locks the user row, runs the factor statements, writes the audit entry and
 * bumps the version, the new version published raise-only): every other token of the user is
 * re-checked against the database on its next request, and `claimsOf` drops a factor it lost.
 *
 * The account is told by mail after the commit ("A passkey was added"), best effort: a mail
 * outage never undoes a change that was made, and the audit entry is the record.
 */
import 'server-only';
import { after } from 'next/server';
import { insertAuditEntry, type AuditAction } from '@/db/queries/audit';
import type { Tx } from '@/db/queries/authz';
import type { UserAuthState } from '@/db/queries/users';
import { sendMail } from '@/lib/mail/transport';
import { logFailure } from '@/lib/failure-log';
import { toAppError } from '@/lib/core/errors';
import { changeAuthorization, type AuthzChange, type AuthzOutcome } from './change-authorization';

/** What the account is told: a subject line and the sentences of the message. */
export interface FactorNotice {
  subject: string;
  lines: string[];
}

export interface FactorChange<T> {
  /** The audit entry of the change (actor: the user, or the admin who reset the factors). */
  audit: { action: AuditAction; actorId?: string; details?: Record<string, unknown> };
  /** The factor statements, with the user row locked. `refuse` leaves everything as it was. */
  apply: (tx: Tx, user: UserAuthState) => Promise<{ value: T; notice?: FactorNotice; change?: AuthzChange } | { refuse: string }>;
}

/** Runs one factor change (see the file comment). `refused` carries the step's reason; nothing changed then. */
export async function changeFactors<T>(userId: string, change: FactorChange<T>): Promise<AuthzOutcome<T, string>> {
  let notice: FactorNotice | undefined;
  const outcome = await changeAuthorization<T, string>(userId, async (tx, user) => {
    const decided = await change.apply(tx, user);
    if ('refuse' in decided) return { refuse: decided.refuse };
    notice = decided.notice;
    await insertAuditEntry(tx, { actorId: change.audit.actorId ?? userId, action: change.audit.action, targetId: userId, details: change.audit.details });
    return { change: decided.change ?? {}, value: decided.value };
  });
  if (outcome.status === 'changed' && notice) tellAccount(outcome.user.email, notice);
  return outcome;
}

function tellAccount(to: string, notice: FactorNotice): void {
  const message = {
    to,
    subject: notice.subject,
    text: [...notice.lines, '', 'If this was not you, sign in, change your password and review the Security page: /profile/security.'].join('\n'),
  };
  const send = () => sendMail(message).catch((err: unknown) => logFailure('security notice mail', err, toAppError(err)));
  try {
    after(send); // after the response: the change is already committed
  } catch {
    void send(); // outside a request (scripts, tests without a request scope)
  }
}
