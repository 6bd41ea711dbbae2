/**
 * The one wrapper every route handler uses: cross-site and content-type checks on writes, the
 * body limit, strict zod validation (unknown keys → 422), the session guard, route params checked
 * against a schema (a malformed `[id]` is a 404, like a missing row), and the error contract. The
 * handler body runs only after all of them passed.
 *
 * `read` (GET and HEAD of 'user'/'admin' routes): the handler's read keyed by the user id, started
 * beside the session check (`withSession`) instead of after it; the body gets its result as
 * `read`. On other methods it runs after the check, like the body.
 */
import type { z } from 'zod';
import { requireApiAdmin, requireApiSession, requireRecentAuthentication, withSession, type AdminSession, type AppSession, type ClaimedUser } from '@/lib/auth';
import { notFound, validationFailed } from '@/lib/core/errors';
import { fieldIssues } from '@/lib/core/validation';
import { errorResponse, json } from './respond';
import { assertJsonContentType, assertSameOrigin, isWrite, readJsonObject } from './request';

type Access = 'public' | 'user' | 'admin';
type SessionFor<A extends Access> = A extends 'admin' ? AdminSession : A extends 'user' ? AppSession : null;

export interface HandlerContext<A extends Access, B, P, R = undefined> {
  request: Request;
  session: SessionFor<A>;
  body: B;
  params: P;
  read: R;
}

interface Options<A extends Access, S extends z.ZodType | undefined, Q extends z.ZodType | undefined, R> {
  access: A;
  /** A read for the signed-in user (never a write), started while the session is checked. */
  read?: A extends 'public' ? never : (ctx: { user: ClaimedUser; request: Request }) => Promise<R>;
  /** Strict schema of the JSON body; its presence makes the body required and JSON-only. */
  body?: S;
  /** Schema of the route params; params it refuses get a 404 with `notFoundMessage`. */
  params?: Q;
  notFoundMessage?: string;
  /**
   * Sudo mode: the session must have authenticated within `REAUTH_WINDOW_SECONDS` (403
   * `code: "reauthentication-required"` otherwise, checked before anything is read or written).
   */
  sudo?: boolean;
}

type Output<S, Fallback> = S extends z.ZodType ? z.output<S> : Fallback;
type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function handler<A extends Access, S extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, R = undefined>(
  options: Options<A, S, Q, R>,
  fn: (ctx: HandlerContext<A, Output<S, undefined>, Output<Q, Record<string, never>>, R>) => Promise<Response | unknown>,
) {
  return async (request: Request, context: RouteContext): Promise<Response> => {
    try {
      if (isWrite(request.method)) {
        assertSameOrigin(request);
        if (options.body) assertJsonContentType(request);
      }
      const check = options.access === 'admin' ? requireApiAdmin : options.access === 'user' ? requireApiSession : null;
      const { read } = options;
      let session: AppSession | null = null;
      let readResult: unknown = undefined;
      if (check && read && !isWrite(request.method)) {
        ({ session, data: readResult } = await withSession(check, (user) => read({ user, request })));
      } else if (check) {
        session = await check();
        if (options.sudo) requireRecentAuthentication(session);
        if (read) readResult = await read({ user: { id: session.user.id, role: session.user.role }, request });
      }

      let body: unknown = undefined;
      if (options.body) {
        const raw = await readJsonObject(request);
        const parsed = options.body.safeParse(raw);
        if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
        body = parsed.data;
      }
      // After the body: a bad body is a 422 whatever the id, as before params had a schema.
      let params: unknown = {};
      if (options.params) {
        const parsed = options.params.safeParse(await context.params);
        if (!parsed.success) throw notFound(options.notFoundMessage);
        params = parsed.data;
      }
      const result = await fn({ request, session: session as SessionFor<A>, body: body as never, params: params as never, read: readResult as R });
      return result instanceof Response ? withNoStore(result) : json(result);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

function withNoStore(response: Response): Response {
  response.headers.set('Cache-Control', 'no-store');
  return response;
}
