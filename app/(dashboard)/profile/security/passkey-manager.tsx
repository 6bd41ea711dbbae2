'use client';
/**
 * Add ("Add a passkey": @simplewebauthn/browser's `startRegistration` with the options of
 * `POST /api/user/passkeys/options`), rename and remove passkeys through the JSON API
 * (`app/api/user/passkeys`). Adding and removing need a recent sign-in: on the API's 403
 * `reauthentication-required` an inline "Confirm it's you" asks for the password
 * (`POST /api/user/reauthenticate`, same sign-in) and then carries out the same step.
 */
import { useId, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { browserSupportsWebAuthn, startRegistration, type PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { Notice } from '@/components/form-notice';
import { LocalTime } from '@/components/local-time';

export interface PasskeyRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

type Outcome = { tone: 'success' | 'error'; text: string; reauth?: boolean } | null;

const REAUTH_TEXT = "Confirm it's you: adding or removing a passkey needs a recent sign-in.";

class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

async function api<T>(path: string, init: { method: string; body?: unknown }): Promise<T> {
  const res = await fetch(path, {
    method: init.method,
    headers: init.body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    cache: 'no-store',
  });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => ({}))) as { error?: string; code?: string; issues?: Record<string, string[]> };
  if (!res.ok) {
    const issue = data.issues ? Object.values(data.issues).flat()[0] : undefined;
    throw new ApiError(issue ?? data.error ?? 'Something went wrong. Please try again.', data.code);
  }
  return data as T;
}

function failure(err: unknown): Outcome {
  if (err instanceof ApiError && err.code === 'reauthentication-required') return { tone: 'error', text: REAUTH_TEXT, reauth: true };
  if (err instanceof ApiError) return { tone: 'error', text: err.message };
  if (err instanceof Error && err.name === 'NotAllowedError') return { tone: 'error', text: 'The passkey prompt was closed before it finished. Nothing was added.' };
  if (err instanceof Error && err.name === 'InvalidStateError') return { tone: 'error', text: 'This device already holds a passkey for your account.' };
  return { tone: 'error', text: 'The passkey could not be added. Please try again.' };
}

export function PasskeyManager({ passkeys }: { passkeys: PasskeyRow[] }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, startTransition] = useTransition();
  const [editing, setEditing] = useState<string | null>(null);
  // The step a "Confirm it's you" interrupted, carried out again once confirmed.
  const pending = useRef<(() => Promise<Outcome>) | null>(null);
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const confirmId = useId();

  const run = (fn: () => Promise<Outcome>) =>
    startTransition(async () => {
      setOutcome(null);
      let next: Outcome;
      try {
        next = await fn();
        pending.current = null;
      } catch (err) {
        next = failure(err);
        pending.current = next?.reauth ? fn : null;
      }
      setOutcome(next);
      router.refresh();
    });

  const confirm = (password: string) =>
    startTransition(async () => {
      setConfirmError(null);
      try {
        await api('/api/user/reauthenticate', { method: 'POST', body: { password } });
      } catch (err) {
        setConfirmError(err instanceof ApiError ? err.message : 'That did not work. Please try again.');
        return;
      }
      const step = pending.current;
      if (step) run(step);
    });

  const add = () =>
    run(async () => {
      if (!browserSupportsWebAuthn()) return { tone: 'error', text: 'This browser cannot create passkeys.' };
      const optionsJSON = await api<PublicKeyCredentialCreationOptionsJSON>('/api/user/passkeys/options', { method: 'POST' });
      const response = await startRegistration({ optionsJSON });
      const added = await api<PasskeyRow>('/api/user/passkeys', { method: 'POST', body: { response } });
      return { tone: 'success', text: `Passkey "${added.name}" added. You can now sign in with it.` };
    });

  const rename = (id: string, name: string) =>
    run(async () => {
      const renamed = await api<PasskeyRow>(`/api/user/passkeys/${encodeURIComponent(id)}`, { method: 'PATCH', body: { name } });
      setEditing(null);
      return { tone: 'success', text: `Passkey renamed to "${renamed.name}".` };
    });

  const remove = (row: PasskeyRow) =>
    run(async () => {
      await api(`/api/user/passkeys/${encodeURIComponent(row.id)}`, { method: 'DELETE' });
      return { tone: 'success', text: `Passkey "${row.name}" removed. It can no longer sign you in.` };
    });

  return (
    <div className="flex flex-col gap-3">
      {outcome ? <Notice tone={outcome.tone}>{outcome.text}</Notice> : null}
      {outcome?.reauth ? (
        <form
          aria-labelledby={`${confirmId}-title`}
          className="flex max-w-md flex-col gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm dark:border-amber-800 dark:bg-amber-950"
          onSubmit={(e) => {
            e.preventDefault();
            confirm(String(new FormData(e.currentTarget).get('reauthPassword') ?? ''));
          }}
        >
          <h3 id={`${confirmId}-title`} className="text-base font-semibold">
            Confirm it&apos;s you
          </h3>
          {confirmError ? (
            <p role="alert" className="text-red-800 dark:text-red-200">
              {confirmError}
            </p>
          ) : null}
          <label className="flex flex-col">
            Password
            <input name="reauthPassword" type="password" autoComplete="current-password" required className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-700 dark:bg-slate-900" />
          </label>
          <div>
            <button type="submit" disabled={busy} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
              Confirm and continue
            </button>
          </div>
        </form>
      ) : null}
      {passkeys.length ? (
        <ul aria-label="Passkeys" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
          {passkeys.map((p) => (
            <li key={p.id} data-passkey={p.id} className="flex flex-col gap-2 p-3">
              <p className="font-medium">
                {p.name}{' '}
                <span className="text-sm font-normal text-slate-600 dark:text-slate-400">
                  added <LocalTime iso={p.createdAt} />, {p.lastUsedAt ? <>last used <LocalTime iso={p.lastUsedAt} /></> : 'never used'}
                </span>
              </p>
              {editing === p.id ? (
                <form
                  className="flex flex-wrap items-end gap-2"
                  onSubmit={(e) => {
                    e.preventDefault();
                    rename(p.id, String(new FormData(e.currentTarget).get('name') ?? ''));
                  }}
                >
                  <label className="flex flex-col text-sm">
                    New name for {p.name}
                    <input name="name" defaultValue={p.name} maxLength={64} required className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-700 dark:bg-slate-950" />
                  </label>
                  <button type="submit" disabled={busy} className="rounded-md bg-indigo-600 px-3 py-1 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
                    Save name
                  </button>
                  <button type="button" onClick={() => setEditing(null)} className="rounded-md border border-slate-300 px-3 py-1 text-sm dark:border-slate-700">
                    Cancel
                  </button>
                </form>
              ) : (
                <div className="flex flex-wrap gap-2">
                  <button type="button" onClick={() => setEditing(p.id)} disabled={busy} aria-label={`Rename ${p.name}`} className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800">
                    Rename
                  </button>
                  <button type="button" onClick={() => remove(p)} disabled={busy} aria-label={`Remove ${p.name}`} className="rounded-md border border-red-300 px-3 py-1 text-sm text-red-800 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:text-red-200 dark:hover:bg-red-950">
                    Remove
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-400">No passkeys yet.</p>
      )}
      <div>
        <button type="button" onClick={add} disabled={busy} className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-500 disabled:opacity-60">
          {busy ? 'Working…' : 'Add a passkey'}
        </button>
      </div>
    </div>
  );
}
