/**
 * What every answer of Auth.js's own endpoints (`app/api/auth/[...nextauth]/route.ts`) gets,
 * whatever Auth.js does inside:
 * - a body over the app's 64 KB limit is refused with 413 before Auth.js parses it (Auth.js reads
 *   bodies of any size before its CSRF check), with or without Content-Length (`readBodyBytes`);
 * - `Cache-Control: no-store` on every response (session, csrf, providers, sign-out, errors):
 *   they are personal or carry a CSRF token, and a shared cache must keep none of them.
 */
import { NextRequest } from 'next/server';
import { readBodyBytes } from './request';
import { errorResponse } from './respond';

type Handler = (request: NextRequest) => Promise<Response>;

/** The same request with its body read (within the limit) into memory. */
async function withBoundedBody(request: NextRequest): Promise<NextRequest> {
  if (!request.body) return request;
  const body = await readBodyBytes(request);
  return new NextRequest(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}

/** A copy of the response with `Cache-Control: no-store` (Auth.js's redirects have immutable headers). */
function noStore(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', 'no-store');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function authJsEndpoint(handler: Handler): Handler {
  return async (request) => {
    let bounded: NextRequest;
    try {
      bounded = await withBoundedBody(request);
    } catch (err) {
      return errorResponse(err);
    }
    return noStore(await handler(bounded));
  };
}
