/**
 * What an audit entry means, in words an admin reads at a glance ("Ada changed Bob’s role from user to
 * admin") instead of its code (`user.role_changed`). People are named by their current name, or by the
 * email the entry kept once the account is gone; an action this file does not know yet still reads.
 */
import type { AuditEntry } from '@/db/queries/audit';

type Described = Pick<AuditEntry, 'action' | 'actorId' | 'actorName' | 'actorEmail' | 'targetId' | 'targetName' | 'targetEmail' | 'details'>;

function detail(entry: Described, key: string): string | null {
  const value = entry.details[key];
  return typeof value === 'string' && value ? value : null;
}

function actorOf(entry: Described): string {
  return entry.actorName ?? entry.actorEmail ?? 'A deleted user';
}

function targetOf(entry: Described): string {
  if (entry.actorId && entry.actorId === entry.targetId) return 'their own';
  return entry.targetName ?? entry.targetEmail ?? detail(entry, 'email') ?? 'a deleted user';
}

/** "Bob’s", and "their own" for an admin acting on themselves. */
function possessive(entry: Described): string {
  const target = targetOf(entry);
  return target === 'their own' ? target : `${target}’s`;
}

/** The entry as one plain sentence. */
export function describeAuditEntry(entry: Described): string {
  const actor = actorOf(entry);
  const self = entry.actorId !== null && entry.actorId === entry.targetId;
  switch (entry.action) {
    case 'user.role_changed': {
      const from = detail(entry, 'from');
      const to = detail(entry, 'to');
      return `${actor} changed ${possessive(entry)} role${from ? ` from ${from}` : ''}${to ? ` to ${to}` : ''}`;
    }
    case 'user.banned':
      return `${actor} banned ${self ? 'themselves' : targetOf(entry)}`;
    case 'user.unbanned':
      return `${actor} lifted ${possessive(entry)} ban`;
    case 'user.sessions_revoked':
      return `${actor} signed ${self ? 'themselves' : targetOf(entry)} out on every device`;
    case 'user.deleted':
      return `${actor} deleted ${possessive(entry)} account`;
    case 'factor.totp_enabled':
      return `${actor} turned on two-step verification${self ? '' : ` for ${targetOf(entry)}`}`;
    case 'factor.totp_disabled':
      return `${actor} turned off two-step verification${self ? '' : ` for ${targetOf(entry)}`}`;
    case 'factor.recovery_codes_generated':
      return `${actor} generated new recovery codes${self ? '' : ` for ${targetOf(entry)}`}`;
    case 'factor.recovery_code_used':
      return `${actor} signed in with a recovery code`;
    case 'factor.passkey_added':
      return `${actor} added a passkey${detail(entry, 'name') ? ` (${detail(entry, 'name')})` : ''}`;
    case 'factor.passkey_removed':
      return `${actor} removed a passkey${detail(entry, 'name') ? ` (${detail(entry, 'name')})` : ''}`;
    case 'factor.passkey_counter_regressed':
      return `A passkey of ${entry.targetName ?? entry.targetEmail ?? 'a deleted user'} was refused: its signature counter went backwards (a cloned authenticator?)`;
    case 'factor.reset_by_admin':
      return `${actor} reset ${possessive(entry)} two-step verification`;
    default:
      return `${actor}: ${entry.action.replace(/[._]/g, ' ')}${entry.targetId ? ` (${targetOf(entry)})` : ''}`;
  }
}

/** Who did it to whom, by email (the names of the sentence can be shared): "ada@x → bob@y". */
export function auditParticipants(entry: Described): string {
  const actor = entry.actorEmail ?? 'deleted user';
  const target = entry.targetEmail ?? detail(entry, 'email');
  return target ? `${actor} → ${target}` : actor;
}
