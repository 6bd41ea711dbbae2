'use client';
/**
 * Passkey sign-in on `/login`: the "Sign in with a passkey" button (usernameless) and passkey
 * autofill on the email field (`autocomplete="username webauthn"`, conditional mediation started
 * on mount where the browser supports it). Each ceremony asks the server for its own challenge
 * (`POST /api/passkeys/authentication/options`): the button's ceremony aborts the waiting autofill
 * one (@simplewebauthn/browser's abort service), and neither uses the other's challenge. The
 * answer goes to the `signInWithPasskey` action (Auth.js's `passkey` provider). Without
 * JavaScript this renders nothing useful and the password form works as before.
 */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, useTransition } from 'react';
import { browserSupportsWebAuthn, browserSupportsWebAuthnAutofill, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { Notice } from '@/components/form-notice';
import { idleState } from '@/lib/actions/action-state';
import { signInWithPasskey } from '../actions';

const FAILED = 'That passkey could not sign you in. Try again, or sign in with your email and password.';

/** The server could not start a ceremony: its message is the one to show. */
class OptionsError extends Error {}

async function fetchOptions(): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const res = await fetch('/api/passkeys/authentication/options', { method: 'POST', headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new OptionsError(res.status === 503 ? 'Sign-in is temporarily unavailable. Please try again shortly.' : FAILED);
  return (await res.json()) as PublicKeyCredentialRequestOptionsJSON;
}

const noSubscription = () => () => {};
const isAbort = (err: unknown) => err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ERROR_CEREMONY_ABORTED');
const isCancel = (err: unknown) => err instanceof Error && err.name === 'NotAllowedError';

export function PasskeySignIn({ callbackUrl }: { callbackUrl: string }) {
  // False on the server and in the first render (no hydration mismatch), then the browser's answer.
  const supported = useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const mounted = useRef(true);

  const submit = useCallback(
    (response: unknown) =>
      new Promise<void>((resolve) => {
        startTransition(async () => {
          const form = new FormData();
          form.set('response', JSON.stringify(response));
          form.set('callbackUrl', callbackUrl);
          // On success the action redirects (Auth.js set the session cookie); otherwise it answers an error.
          const state = await signInWithPasskey(idleState, form);
          if (state.status === 'error' && mounted.current) setError(state.message ?? FAILED);
          resolve();
        });
      }),
    [callbackUrl],
  );

  const startAutofill = useCallback(async () => {
    try {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const optionsJSON = await fetchOptions();
      const response = await startAuthentication({ optionsJSON, useBrowserAutofill: true });
      await submit(response);
    } catch (err) {
      // Aborted by the button's ceremony (or by leaving the page): that ceremony goes on.
      if (!isAbort(err) && !isCancel(err) && mounted.current) setError(err instanceof OptionsError ? err.message : FAILED);
    }
  }, [submit]);

  useEffect(() => {
    mounted.current = true;
    void startAutofill();
    return () => {
      mounted.current = false;
    };
  }, [startAutofill]);

  async function onClick() {
    setError(null);
    try {
      const optionsJSON = await fetchOptions();
      // A new ceremony: the library aborts the autofill one that is waiting.
      const response = await startAuthentication({ optionsJSON });
      await submit(response);
    } catch (err) {
      if (mounted.current) setError(isCancel(err) ? 'The passkey prompt was closed before it finished. Try again.' : err instanceof OptionsError ? err.message : FAILED);
    }
    // Autofill stays offered after a button attempt that did not sign in.
    if (mounted.current) void startAutofill();
  }

  if (!supported) return null;
  return (
    <div className="flex flex-col gap-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <button
        type="button"
        onClick={onClick}
        disabled={pending}
        aria-disabled={pending}
        className="w-full rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {pending ? 'Signing in…' : 'Sign in with a passkey'}
      </button>
    </div>
  );
}
