import { describe, expect, it } from 'vitest';
import { hasUndecodablePath, isBodyOver } from './request-limits';

describe('hasUndecodablePath', () => {
  it.each(['/products/%ff', '/api/user/sessions/%E0%A4%A', '/x/%', '/x/ok%zz', '/%C0%AF'])('%s does not decode', (path) => {
    expect(hasUndecodablePath(path)).toBe(true);
  });
  it.each(['/products/1', '/products/%20x', '/products/%25', '/caf%C3%A9'])('%s decodes', (path) => {
    expect(hasUndecodablePath(path)).toBe(false);
  });
});

const post = (body: BodyInit | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://x.invalid/login', { method: 'POST', body, headers, duplex: 'half' } as RequestInit & { duplex: 'half' });

/** A chunked body of `chunks` × 64 KB. */
function stream(chunks: number): ReadableStream<Uint8Array> {
  let n = 0;
  return new ReadableStream({
    pull(controller) {
      if (n++ === chunks) return controller.close();
      controller.enqueue(new Uint8Array(64 * 1024));
    },
  });
}

describe('isBodyOver', () => {
  it('believes a Content-Length without reading', async () => {
    expect(await isBodyOver(post(stream(1), { 'content-length': String(2 * 1024 * 1024) }), 1024 * 1024)).toBe(true);
    expect(await isBodyOver(post('abc', { 'content-length': '3' }), 1024 * 1024)).toBe(false);
  });

  it('reads a chunked body only up to the limit, and the request keeps its whole body', async () => {
    const small = post(stream(4));
    expect(await isBodyOver(small, 1024 * 1024)).toBe(false);
    expect((await small.arrayBuffer()).byteLength).toBe(4 * 64 * 1024);
    // Over the limit: answered (not hung on the tee's cancel) while the original is never read.
    expect(await isBodyOver(post(stream(100)), 1024 * 1024)).toBe(true);
  });
});
