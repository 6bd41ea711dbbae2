import { describe, expect, it } from 'vitest';
import { auditParticipants, describeAuditEntry } from './audit-events';

const ada = { actorId: 'a', actorName: 'Ada Admin', actorEmail: 'ada@example.com' };
const bob = { targetId: 'b', targetName: 'Bob', targetEmail: 'bob@example.com' };
const entry = (action: string, details: Record<string, unknown> = {}, who: Partial<typeof ada & typeof bob> = {}) => ({ ...ada, ...bob, action, details, ...who });

describe('audit entries in plain language', () => {
  it('names what happened to whom', () => {
    expect(describeAuditEntry(entry('user.role_changed', { from: 'user', to: 'admin' }))).toBe('Ada Admin changed Bob’s role from user to admin');
    expect(describeAuditEntry(entry('user.banned'))).toBe('Ada Admin banned Bob');
    expect(describeAuditEntry(entry('user.unbanned'))).toBe('Ada Admin lifted Bob’s ban');
    expect(describeAuditEntry(entry('user.sessions_revoked'))).toBe('Ada Admin signed Bob out on every device');
  });

  it('falls back to the kept email for a deleted target, and says who when the actor is gone', () => {
    const deleted = entry('user.deleted', { email: 'gone@example.com', role: 'user' }, { targetName: null, targetEmail: null } as never);
    expect(describeAuditEntry(deleted)).toBe('Ada Admin deleted gone@example.com’s account');
    expect(auditParticipants(deleted)).toBe('ada@example.com → gone@example.com');
    const orphan = entry('user.banned', {}, { actorName: null, actorEmail: null } as never);
    expect(describeAuditEntry(orphan)).toBe('A deleted user banned Bob');
    expect(auditParticipants(orphan)).toBe('deleted user → bob@example.com');
  });

  it('reads an admin acting on themselves, and an action it does not know yet', () => {
    const self = { targetId: 'a', targetName: 'Ada Admin', targetEmail: 'ada@example.com' };
    expect(describeAuditEntry(entry('user.sessions_revoked', {}, self))).toBe('Ada Admin signed themselves out on every device');
    expect(describeAuditEntry(entry('user.role_changed', { to: 'user' }, self))).toBe('Ada Admin changed their own role to user');
    expect(describeAuditEntry(entry('product.featured'))).toBe('Ada Admin: product featured (Bob)');
  });
});
