/**
 * Request checks shared by every route handler: same-origin writes, JSON content type, and a
 * body size limit enforced while reading (with or without Content-Length).
 */
import { badRequest, forbidden, payloadTooLarge, unsupportedMediaType } from '@/lib/errors';

export const MAX_BODY_BYTES = 64 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

/**
 * Cookie-authenticated writes must come from our own pages or from a non-browser client:
 * a same-origin `Origin`, or `Sec-Fetch-Site: same-origin`/`none`, or neither header at all.
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin');
  const site = request.headers.get('sec-fetch-site');
  if (origin !== null) {
    if (origin !== new URL(request.url).origin) throw forbidden('Cross-origin request refused');
    return;
  }
  if (site !== null && site !== 'same-origin' && site !== 'none') throw forbidden('Cross-origin request refused');
}

export function assertJsonContentType(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw unsupportedMediaType();
}

/** Reads the body as text, stopping at `limit` bytes (413) whatever Content-Length claims. */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge();
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw payloadTooLarge();
    }
    chunks.push(value);
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw badRequest('Body is not valid UTF-8');
  }
}

/** Parses JSON; anything that is not a JSON object is a 400/422 with a generic message. */
export async function readJsonObject(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (text.trim() === '') throw badRequest('Request body is required');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Malformed JSON body');
  }
}
