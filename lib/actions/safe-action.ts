/**
 * The one wrapper every server action uses: the session is checked inside the action (the page's
 * check does not cover it; `public` actions such as sign-in have none), the form is parsed with a
 * zod schema, and errors become form state. Submitted values come back on error (never passwords)
 * so the form keeps them.
 */
import 'server-only';
import type { z } from 'zod';
import { confirmIdentity, isRecentlyAuthenticated, requireAdmin, requireAuth, type AdminSession, type AppSession } from '@/lib/auth';
import { AppError, isDependencyUnavailable, REAUTHENTICATION_REQUIRED, toAppError } from '@/lib/core/errors';
import { fieldIssues } from '@/lib/core/validation';
import { logFailure } from '@/lib/failure-log';
import { REAUTH_CODE_FIELD, REAUTH_PASSWORD_FIELD, type ActionState } from './action-state';

/**
 * What a form action answers when no FormData arrived: a crafted post (`$ACTION_ID_…` for an
 * action that takes a state first, or bound arguments of the wrong length) shifts the arguments.
 */
export const MALFORMED_SUBMISSION: ActionState = { status: 'error', message: 'Malformed form submission.' };

const SECRET_FIELDS = /password|token|secret|reauth/i;

export function submittedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || SECRET_FIELDS.test(key) || typeof value !== 'string') continue;
    values[key] = value;
  }
  return values;
}

/** Form fields as an object (checkboxes absent when unchecked), minus Next.js's own `$ACTION_*` keys. */
export function formToObject(formData: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || key === REAUTH_PASSWORD_FIELD || key === REAUTH_CODE_FIELD || typeof value !== 'string') continue;
    out[key] = value;
  }
  return out;
}

type Access = 'public' | 'user' | 'admin';
type Guarded<A extends Access> = A extends 'admin' ? AdminSession : A extends 'user' ? AppSession : null;

export interface ActionOptions {
  /**
   * Sudo mode: the session must have authenticated within `REAUTH_WINDOW_SECONDS`. Otherwise the
   * action changes nothing and answers `code: "reauthentication-required"`; the form shows
   * `<ConfirmItsYou />`, whose password or code (`reauthPassword` / `reauthCode`) comes back with
   * the same fields, is checked here, re-issues the cookie with a fresh authentication time, and
   * the action then completes.
   */
  sudo?: boolean | ((data: never, session: AppSession) => boolean);
}

export const CONFIRM_ITS_YOU = "Confirm it's you to continue: enter your password or a code from your authenticator app.";

/** The sudo check of a `{ sudo: true }` action: null to go on, or the form state that asks for confirmation. */
async function sudoGate(session: AppSession, formData: FormData): Promise<ActionState | null> {
  if (isRecentlyAuthenticated(session)) return null;
  const password = formData.get(REAUTH_PASSWORD_FIELD);
  const code = formData.get(REAUTH_CODE_FIELD);
  const values = submittedValues(formData);
  const asked = { status: 'error', code: REAUTHENTICATION_REQUIRED, values } as const;
  if (typeof code === 'string' && code.trim()) {
    await confirmIdentity(session, { code: code.trim() }).catch((err: unknown) => {
      throw withField(err, 'code', REAUTH_CODE_FIELD);
    });
    return null;
  }
  if (typeof password === 'string' && password) {
    await confirmIdentity(session, { password }).catch((err: unknown) => {
      throw withField(err, 'password', REAUTH_PASSWORD_FIELD);
    });
    return null;
  }
  return { ...asked, message: CONFIRM_ITS_YOU };
}

/** A refused proof, its field issue moved to the form's field name (the form keeps asking). */
function withField(err: unknown, from: string, to: string): unknown {
  const appError = toAppError(err);
  if (appError.status >= 500) return err; // an outage is the form's message, as for any action
  const issues = appError.issues?.[from] ? { [to]: appError.issues[from] } : appError.issues;
  return Object.assign(new AppError(appError.status, appError.message, issues, appError.headers), { sudoRefused: true });
}

export function validatedAction<A extends Access, S extends z.ZodType>(
  access: A,
  schema: S,
  fn: (data: z.output<S>, session: Guarded<A>, formData: FormData) => Promise<ActionState | void>,
  options: ActionOptions = {},
) {
  return async (_prev: ActionState, formData: FormData): Promise<ActionState> => {
    if (!(formData instanceof FormData)) return MALFORMED_SUBMISSION;
    // Outside the try: a redirect to /login (or /unauthorized) must propagate; an outage is a form message.
    const guard = access === 'admin' ? requireAdmin() : access === 'user' ? requireAuth() : Promise.resolve(null);
    const session = (await guard.catch((err: unknown) => {
      if (isDependencyUnavailable(err)) return err;
      throw err;
    })) as Guarded<A> | Error;
    if (isDependencyUnavailable(session)) return { status: 'error', message: (session as Error).message, values: submittedValues(formData) };
    const parsed = schema.safeParse(formToObject(formData));
    if (!parsed.success) {
      return { status: 'error', message: 'Please correct the highlighted fields.', fieldErrors: fieldIssues(parsed.error), values: submittedValues(formData) };
    }
    try {
      const sudo = typeof options.sudo === 'function' ? options.sudo(parsed.data as never, session as AppSession) : options.sudo;
      if (sudo && session) {
        const asked = await sudoGate(session as AppSession, formData);
        if (asked) return asked;
      }
      return (await fn(parsed.data, session as Guarded<A>, formData)) ?? { status: 'success' };
    } catch (err) {
      if (isNavigationSignal(err)) throw err;
      const appError = toAppError(err);
      logFailure('server action', err, appError);
      const state: ActionState = { status: 'error', message: appError.message, fieldErrors: appError.issues, values: submittedValues(formData) };
      // A wrong or throttled confirmation keeps the form asking for it.
      return (err as { sudoRefused?: boolean }).sudoRefused ? { ...state, code: REAUTHENTICATION_REQUIRED } : state;
    }
  };
}

/**
 * `redirect()` and `notFound()` work by throwing; those must pass through action wrappers. A
 * dependency outage is not one (its digest sends pages to the outage page): actions show a message.
 */
export function isNavigationSignal(err: unknown): boolean {
  if (isDependencyUnavailable(err)) return false;
  const digest = (err as { digest?: unknown } | null)?.digest;
  return typeof digest === 'string' && (digest.startsWith('NEXT_REDIRECT') || digest.startsWith('NEXT_HTTP_ERROR_FALLBACK'));
}
