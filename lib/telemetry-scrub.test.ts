// What leaves the server in a span: URLs without their query (a reset link's token lives there),
// no client address and no header attributes; everything else as it was.
import { describe, expect, it } from 'vitest';
import { scrubAttributes } from './telemetry-scrub';

describe('scrubAttributes', () => {
  it('cuts the query from URL attributes and drops addresses and headers', () => {
    const attributes: Record<string, unknown> = {
      'http.target': '/reset-password?token=abc123secret',
      'url.full': 'https://app.example.com/verify-email?token=xyz',
      'url.query': 'token=xyz',
      'http.route': '/reset-password',
      'client.address': '203.0.113.7',
      'net.peer.ip': '203.0.113.7',
      'http.request.header.cookie': 'authjs.session-token=eyJ',
      'http.method': 'GET',
      'auth.decision': 'fresh',
      'auth.db_reads': 0,
    };
    scrubAttributes(attributes);
    expect(attributes).toEqual({
      'http.target': '/reset-password',
      'url.full': 'https://app.example.com/verify-email',
      'http.route': '/reset-password',
      'http.method': 'GET',
      'auth.decision': 'fresh',
      'auth.db_reads': 0,
    });
    expect(JSON.stringify(attributes)).not.toMatch(/token=|203\.0\.113\.7|eyJ/);
  });
});
