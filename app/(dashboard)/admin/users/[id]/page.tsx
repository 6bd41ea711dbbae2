import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AdminNav } from '@/components/admin-nav';
import { findUserForAdmin } from '@/lib/admin-reads';
import { getFactorSummary, listAccessTokens, listDevices, requireAdmin } from '@/lib/auth';
import { AdminTokenList } from './admin-token-list';
import { AdminSessionList } from './admin-session-list';
import { FactorReset } from './factor-reset';

export const metadata: Metadata = { title: 'User · Admin' };

const day = (date: Date) => date.toISOString().slice(0, 10);

/** `/admin/users/:id`: one user's account status and live sessions; an admin can end each one. */
export default async function AdminUserPage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  const user = await findUserForAdmin(id);
  if (!user) notFound();
  const tokens = (await listAccessTokens(user.id)).map((t) => ({
    id: t.id,
    name: t.name,
    scope: t.scope,
    createdOn: t.createdAt.slice(0, 10),
    expiresOn: t.expiresAt?.slice(0, 10) ?? null,
    lastUsedOn: t.lastUsedAt?.slice(0, 10) ?? null,
  }));
  const factors = await getFactorSummary(user.id);
  const hasFactor = factors.totp || factors.passkeys > 0;
  const sessions = (await listDevices(user.id)).map((d) => ({ id: d.id, device: d.device, createdOn: day(d.createdAt), lastSeenOn: day(d.lastSeenAt) }));
  return (
    <div>
      <h1 className="mb-4 text-2xl font-semibold">{user.name}</h1>
      <AdminNav />
      <dl className="mb-8 grid max-w-xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        <dt className="text-slate-500">Email</dt>
        <dd>{user.email}</dd>
        <dt className="text-slate-500">Email verified</dt>
        <dd data-testid="email-verified">{user.emailVerifiedAt ? `yes (${day(user.emailVerifiedAt)})` : 'no'}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{user.role}</dd>
        <dt className="text-slate-500">Status</dt>
        <dd>{user.bannedAt ? 'banned' : 'active'}</dd>
        <dt className="text-slate-500">Created</dt>
        <dd>{day(user.createdAt)}</dd>
        <dt className="text-slate-500">Two-step verification</dt>
        <dd data-testid="two-step">
          {hasFactor
            ? [factors.totp ? `authenticator app (${factors.recoveryCodesLeft} recovery codes left)` : null, factors.passkeys ? `${factors.passkeys} passkey${factors.passkeys === 1 ? '' : 's'}` : null].filter(Boolean).join(', ')
            : 'off'}
        </dd>
      </dl>
      {hasFactor ? (
        <section className="mb-8">
          <h2 className="mb-3 text-lg font-semibold">Second factors</h2>
          <FactorReset userId={user.id} email={user.email} />
        </section>
      ) : null}
      <h2 className="mb-3 text-lg font-semibold">Active sessions</h2>
      <AdminSessionList userId={user.id} sessions={sessions} />
      <h2 className="mb-3 mt-8 text-lg font-semibold">Access tokens</h2>
      <AdminTokenList userId={user.id} tokens={tokens} />
    </div>
  );
}
