/**
 * The one wrapper every server action uses: the session is checked inside the action (the page's
 * check does not cover it; `public` actions such as sign-in have none), the form is parsed with a
 * zod schema, and errors become form state. Submitted values come back on error (never passwords)
 * so the form keeps them.
 */
import 'server-only';
import type { z } from 'zod';
import { requireAdmin, requireAuth, type AdminSession, type AppSession } from '@/lib/auth';
import { isDependencyUnavailable, toAppError } from '@/lib/core/errors';
import { fieldIssues } from '@/lib/core/validation';
import { logFailure } from '@/lib/failure-log';
import type { ActionState } from './action-state';

/**
 * What a form action answers when no FormData arrived: a crafted post (`$ACTION_ID_…` for an
 * action that takes a state first, or bound arguments of the wrong length) shifts the arguments.
 */
export const MALFORMED_SUBMISSION: ActionState = { status: 'error', message: 'Malformed form submission.' };

const SECRET_FIELDS = /password|token|secret/i;

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
    if (key.startsWith('$ACTION') || typeof value !== 'string') continue;
    out[key] = value;
  }
  return out;
}

type Access = 'public' | 'user' | 'admin';
type Guarded<A extends Access> = A extends 'admin' ? AdminSession : A extends 'user' ? AppSession : null;

export function validatedAction<A extends Access, S extends z.ZodType>(
  access: A,
  schema: S,
  fn: (data: z.output<S>, session: Guarded<A>, formData: FormData) => Promise<ActionState | void>,
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
      return (await fn(parsed.data, session as Guarded<A>, formData)) ?? { status: 'success' };
    } catch (err) {
      if (isNavigationSignal(err)) throw err;
      const appError = toAppError(err);
      logFailure('server action', err, appError);
      return { status: 'error', message: appError.message, fieldErrors: appError.issues, values: submittedValues(formData) };
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
