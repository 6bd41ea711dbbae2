/**
 * The first span processor (instrumentation.ts): before any span is exported, query strings are cut
 * from every URL-like attribute (Next.js records `http.target` with the query, and a reset or
 * verification link carries its token there); client addresses and request/response header
 * attributes are dropped.
 */
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

const URL_ATTRIBUTES = ['http.target', 'http.url', 'url.full', 'next.rsc', 'http.route'];
/** Addresses and raw queries: never exported. */
const DROPPED = ['url.query', 'client.address', 'net.peer.ip', 'net.sock.peer.addr', 'http.client_ip', 'network.peer.address'];

export function scrubAttributes(attributes: Record<string, unknown>): void {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    if (key.startsWith('http.request.header.') || key.startsWith('http.response.header.') || DROPPED.includes(key)) {
      delete attributes[key];
    } else if (URL_ATTRIBUTES.includes(key) && typeof value === 'string' && value.includes('?')) {
      attributes[key] = value.slice(0, value.indexOf('?'));
    }
  }
}

export function scrubbingProcessor(): SpanProcessor {
  return {
    onStart(_span: Span, _context: Context) {},
    onEnd(span: ReadableSpan) {
      scrubAttributes(span.attributes as Record<string, unknown>);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}
