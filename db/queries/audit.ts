/**
 * SQL for `audit_log`: entries are written inside the transaction of the change they record, and
 * listed newest first with keyset pagination on the primary key (cost independent of depth).
 */
import 'server-only';
import { desc, eq, lt } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb, type Tx } from '../client';
import { auditLog, users } from '../schema';

export type AuditAction =
  | 'user.role_changed'
  | 'user.banned'
  | 'user.unbanned'
  | 'user.deleted'
  | 'user.sessions_revoked'
  | 'user.session_ended'
  | 'user.password_reset'
  // Second factors (lib/auth/factor-change.ts): each is an authorization change of its own.
  | 'factor.totp_enabled'
  | 'factor.totp_disabled'
  | 'factor.recovery_codes_generated'
  | 'factor.recovery_code_used'
  | 'factor.passkey_added'
  | 'factor.passkey_removed'
  | 'factor.passkey_counter_regressed'
  | 'factor.reset_by_admin'
  // Personal access tokens (lib/auth/access-tokens.ts).
  | 'token.created'
  | 'token.revoked';

export interface AuditEntryInput {
  actorId: string;
  action: AuditAction;
  targetId: string;
  details?: Record<string, unknown>;
}

export async function insertAuditEntry(tx: Tx, entry: AuditEntryInput): Promise<void> {
  await tx.insert(auditLog).values({ actorId: entry.actorId, action: entry.action, targetId: entry.targetId, details: entry.details ?? {} });
}

export interface AuditEntry {
  id: number;
  action: string;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetName: string | null;
  targetEmail: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

export const AUDIT_PAGE_SIZE = 50;

/** One page, newest first; `before` is the last id of the previous page. */
export async function listAuditEntries(before?: number, limit = AUDIT_PAGE_SIZE): Promise<{ entries: AuditEntry[]; nextCursor: number | null }> {
  const db = await getDb();
  const actor = alias(users, 'actor');
  const target = alias(users, 'target');
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorId: auditLog.actorId,
      actorName: actor.name,
      actorEmail: actor.email,
      targetId: auditLog.targetId,
      targetName: target.name,
      targetEmail: target.email,
      details: auditLog.details,
      createdAt: auditLog.createdAt,
    })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .leftJoin(target, eq(target.id, auditLog.targetId))
    .where(before === undefined ? undefined : lt(auditLog.id, before))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const entries = rows.slice(0, limit);
  return { entries, nextCursor: rows.length > limit ? entries[entries.length - 1]!.id : null };
}
