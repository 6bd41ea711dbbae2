/**
 * An API client that reaches the app only through the proxy, the way a client on the internet
 * would reach `https://app.test:<port>`: TLS to 127.0.0.1 with SNI `app.test`, the certificate
 * verified against the one the suite generated, `Host: app.test:<port>`, and optionally from
 * another loopback source address (127.0.0.x) so the proxy sees distinct clients.
 */
import { request as httpsRequest } from 'node:https';
import { readFileSync } from 'node:fs';
import { ApiClient } from '../../e2e/support/api-client';
import { SERVER_NAME, topology } from './state';

export interface ProxyRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
}

/** One HTTPS request to the proxy; `headers.host` may be overridden (spoofing tests). */
export function proxyRequest(path: string, init: ProxyRequestInit & { servername?: string; localAddress?: string } = {}): Promise<Response> {
  const state = topology();
  const origin = new URL(state.publicOrigin);
  const headers: Record<string, string> = { host: origin.host, ...(init.headers ?? {}) };
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: state.httpsPort,
        servername: init.servername ?? SERVER_NAME,
        ca: readFileSync(state.cert),
        localAddress: init.localAddress,
        method: init.method ?? 'GET',
        path,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [String(value)]) out.append(name, v);
          }
          const status = res.statusCode ?? 500;
          const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(body, { status, headers: out }));
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

export class ProxyClient extends ApiClient {
  constructor(readonly localAddress?: string) {
    super(topology().publicOrigin);
  }

  override async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    if (this.jar.size && !headers.cookie) headers.cookie = this.cookieHeader;
    let body = typeof init.body === 'string' ? init.body : undefined;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await proxyRequest(path, { method: init.method, headers, body, localAddress: this.localAddress });
    this.absorb(response);
    return response;
  }

  /** Auth.js's sign-out endpoint, with its CSRF token (what the Sign out button does). */
  async signOut(): Promise<Response> {
    const csrf = await this.fetch('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    return this.fetch('/api/auth/signout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken }).toString(),
    });
  }
}
