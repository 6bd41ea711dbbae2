/**
 * Limits the edge gate enforces before Next.js sees a request (edge-safe, no imports), so that a
 * request Next.js would answer with a 500 gets a 4xx with our headers instead.
 *
 * - Page posts (server actions, form posts) above Next.js's server-action body limit: Next.js
 *   throws "Body exceeded 1 MB limit" while reading and the page answers 500. `next.config.ts`
 *   sets `serverActions.bodySizeLimit` from the same constant, so the two cannot drift apart.
 * - Paths whose percent-encoding does not decode (`/products/%ff`, `/x/%E0%A4%A`): Next.js's
 *   router throws a `DecodeError` matching a dynamic segment, fails to render its `/400` page
 *   (the App Router has none) and answers a bare 500 without any security header.
 */
export const PAGE_POST_MAX_BYTES = 1024 * 1024;

/** True when the path holds a percent sequence that is not valid UTF-8 (or a stray `%`). */
export function hasUndecodablePath(pathname: string): boolean {
  if (!pathname.includes('%')) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

/**
 * True when the request's body is longer than `limit` bytes. A Content-Length is believed (Node's
 * parser never reads past it); only a body without one (chunked) is read, from a clone, and never
 * more than `limit` bytes plus one chunk.
 */
export async function isBodyOver(request: Request, limit: number): Promise<boolean> {
  const declared = request.headers.get('content-length');
  if (declared !== null) return !(Number(declared) <= limit);
  if (!request.body) return false;
  const reader = request.clone().body!.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      size += value.byteLength;
      if (size > limit) return true;
    }
  } finally {
    // Not awaited: a tee branch's cancel settles only once the other branch (the request Next.js
    // still holds) is cancelled too, so awaiting it would hang the request.
    reader.cancel().catch(() => {});
  }
}
