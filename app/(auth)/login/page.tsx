import type { Metadata } from 'next';
import { LoginForm } from './login-form';
import { getEnv } from '@/lib/core/env';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { signInWithGitHub } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

const NOTICES: Record<string, string> = {
  ended: 'Your session has ended. Please sign in again.',
};

// Auth.js's redirect after a refused credentials sign-in carries `code` (see lib/auth/credentials.ts).
const ERROR_CODES: Record<string, string> = {
  rate_limited: 'Too many sign-in attempts. Wait a few minutes and try again.',
  unavailable: 'Sign-in is temporarily unavailable. Please try again shortly.',
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined);
  const code = typeof params.code === 'string' ? params.code : '';
  const error = typeof params.error === 'string' ? (ERROR_CODES[code] ?? 'Sign-in failed. Check your details and try again.') : undefined;
  const notice = error ?? (params.ended ? NOTICES.ended : undefined);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <LoginForm callbackUrl={callbackUrl} notice={notice} />
      {getEnv().AUTH_GITHUB_ID ? (
        <form action={signInWithGitHub}>
          <input type="hidden" name="callbackUrl" value={callbackUrl} />
          <button type="submit" className="w-full rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
            Sign in with GitHub
          </button>
        </form>
      ) : null}
    </main>
  );
}
