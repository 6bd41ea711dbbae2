/**
 * Request checks shared by every route handler: same-origin writes, JSON content type, and a
 * body size limit enforced while reading (with or without Content-Length).
 */
import { isPublicOrigin } from '@/lib/core/public-origin';
import { badRequest, forbidden, payloadTooLarge, unsupportedMediaType, validationFailed } from '@/lib/core/errors';

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
  // A browser that says the request is cross-site (or from a sibling subdomain) is believed first.
  if (site !== null && site !== 'same-origin' && site !== 'none') throw forbidden('Cross-origin request refused');
  // Our public origin, never request.url (always http://localhost:<port> under `next start`).
  if (origin !== null && !isPublicOrigin(origin, request.headers)) throw forbidden('Cross-origin request refused');
}

export function assertJsonContentType(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw unsupportedMediaType();
}

/**
 * Reads the body, stopping at `limit` bytes (413) whatever Content-Length claims: a larger
 * Content-Length is refused before a byte is read, a body without one (chunked) as soon as it
 * passes the limit.
 */
export async function readBodyBytes(request: Request, limit = MAX_BODY_BYTES): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw payloadTooLarge();
  if (!request.body) return new Uint8Array(0);
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
  return all;
}

/** Reads the body as UTF-8 text within the limit (413), 400 when it is not UTF-8. */
async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const all = await readBodyBytes(request, limit);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(all);
  } catch {
    throw badRequest('Body is not valid UTF-8');
  }
}

/** No write in this app nests deeper than this; deeper bodies are refused before validation. */
export const MAX_JSON_DEPTH = 16;
// Keys that only ever appear in prototype-pollution payloads.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function assertPlainJson(value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object') return;
  if (depth > MAX_JSON_DEPTH) throw badRequest('JSON body is nested too deeply');
  if (Array.isArray(value)) {
    for (const item of value) assertPlainJson(item, depth + 1);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) throw validationFailed({ [key]: [`Unknown field(s): ${key}`] });
    assertPlainJson((value as Record<string, unknown>)[key], depth + 1);
  }
}

/** Parses JSON; anything that is not a JSON object is a 400/422 with a generic message. */
export async function readJsonObject(request: Request): Promise<unknown> {
  const text = await readBodyText(request);
  if (text.trim() === '') throw badRequest('Request body is required');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    // Includes the RangeError of absurdly nested input.
    throw badRequest('Malformed JSON body');
  }
  assertPlainJson(value, 0);
  return value;
}
