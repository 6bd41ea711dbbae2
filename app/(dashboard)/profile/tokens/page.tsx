import type { Metadata } from 'next';
import { listAccessTokens, requireAuth } from '@/lib/auth';
import { CreateTokenForm, TokenList } from './token-forms';

export const metadata: Metadata = { title: 'Access tokens' };

/** `/profile/tokens`: personal access tokens for scripts and API clients (create, list, revoke). */
export default async function TokensPage() {
  const session = await requireAuth();
  const tokens = await listAccessTokens(session.user.id);
  return (
    <div className="flex flex-col gap-10">
      <section className="flex flex-col gap-3">
        <h1 className="text-2xl font-semibold">Access tokens</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Send a token as <code>Authorization: Bearer es_pat_…</code> to the API (see <a className="underline" href="/docs/api">the API reference</a>). A{' '}
          <code>read</code> token may only read. Revoking a token, “sign out everywhere” and a password reset stop it on its next request.
        </p>
        <TokenList tokens={tokens} />
      </section>
      <section className="flex flex-col gap-3">
        <h2 className="text-lg font-semibold">Create a token</h2>
        <CreateTokenForm />
      </section>
    </div>
  );
}
