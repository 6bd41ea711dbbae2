import type { Metadata } from 'next';
import { LoginForm } from './login-form';
import { PasskeySignIn } from './passkey-sign-in';
import { Notice } from '@/components/form-notice';
import { SignedInNotice } from '@/components/signed-in-notice';
import { configuredProviders, providerName } from '@/lib/auth';
import { safeRedirectPath } from '@/lib/core/safe-redirect';
import { signedInUserForPublicPage } from '@/lib/public-session';
import { providerSignInMessage, signInMessage } from '@/lib/sign-in-messages';
import { signInWithProvider } from '../actions';

export const metadata: Metadata = { title: 'Sign in' };

/** What `/login?signedOut=…` says after each way a session ends (`?ended=1` comes from /session-ended). */
const SIGNED_OUT_NOTICES: Record<string, string> = {
  'this-device': 'You are signed out.',
  everywhere: 'You are signed out on every device, this one included.',
  ended: 'Your session has ended. Please sign in again.',
};

function signedOutNotice(params: Record<string, string | string[] | undefined>): string | undefined {
  const reason = typeof params.signedOut === 'string' ? params.signedOut : params.ended ? 'ended' : undefined;
  return reason !== undefined && Object.hasOwn(SIGNED_OUT_NOTICES, reason) ? SIGNED_OUT_NOTICES[reason] : undefined;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeRedirectPath(typeof params.callbackUrl === 'string' ? params.callbackUrl : undefined);
  const user = await signedInUserForPublicPage();
  // Auth.js's redirect after a refused credentials sign-in carries `code`; other failures have none.
  const code = typeof params.code === 'string' && params.code !== 'invalid' ? params.code : undefined;
  const error = typeof params.error !== 'string'
    ? undefined
    : params.error === 'ProviderSignIn'
      ? providerSignInMessage(code, providerName(typeof params.provider === 'string' ? params.provider : ''))
      : signInMessage(code, 'Sign-in failed. Check your details and try again.');
  const signedOut = error ? undefined : signedOutNotice(params);
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 px-6 py-12">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      {signedOut ? <Notice tone="success">{signedOut}</Notice> : null}
      {user ? (
        <SignedInNotice user={user} continueTo={callbackUrl} />
      ) : (
        <>
          <LoginForm callbackUrl={callbackUrl} notice={error} />
          <PasskeySignIn callbackUrl={callbackUrl} />
          {configuredProviders().map((provider) => (
            <form key={provider.id} action={signInWithProvider}>
              <input type="hidden" name="provider" value={provider.id} />
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button type="submit" className="w-full rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
                {provider.id === 'github' ? 'Sign in with GitHub' : provider.name}
              </button>
            </form>
          ))}
        </>
      )}
    </main>
  );
}
