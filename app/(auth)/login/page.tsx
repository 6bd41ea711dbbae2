import type { Metadata } from 'next';
import { LoginForm } from './login-form';
import { safeRedirectPath } from '@/lib/safe-redirect';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  ended: 'Your session has ended. Please sign in again.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined);
  const error = typeof params.error === 'string' ? 'Sign-in failed. Check your details and try again.' : undefined;
  const notice = error ?? (params.ended ? NOTICES.ended : undefined);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} notice={notice} />
    </main>
  );
}
