/**
 * Helpers for the build-level security suite: unique accounts created through the public API,
 * Auth.js sign-in with a raw cookie header, and the checks every response must pass.
 */
import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse } from '@playwright/test';
import { uniqueUser } from './fixtures';

export const E2E_SECRET = process.env.E2E_AUTH_SECRET ?? '';

export async function registerUser(baseURL: string, prefix = 'sec') {
  const user = uniqueUser(prefix);
  const request = await freshContext(baseURL);
  const res = await request.post('/api/register', { data: user });
  expect(res.status()).toBe(201);
  const { user: created } = (await res.json()) as { user: { id: string } };
  await request.dispose();
  return { ...user, id: created.id };
}

/** Cookie name → value from a response's Set-Cookie lines, plus the raw lines. */
export function setCookies(response: APIResponse): { values: Map<string, string>; lines: string[] } {
  const lines = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie').map((h) => h.value);
  const values = new Map<string, string>();
  for (const line of lines) {
    const [pair] = line.split(';');
    const i = pair!.indexOf('=');
    values.set(pair!.slice(0, i).trim(), pair!.slice(i + 1).trim());
  }
  return { values, lines };
}

/**
 * A request context of its own: Playwright contexts keep a cookie jar, so every flow that must
 * not inherit cookies (anonymous probes, one sign-in) gets a fresh one.
 */
export async function freshContext(baseURL: string, extraHTTPHeaders?: Record<string, string>): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders });
}

/** Auth.js's credentials flow in a fresh context (nothing shared): returns the callback's response. */
export async function credentialsSignIn(
  baseURL: string,
  email: string,
  password: string,
  options: { headers?: Record<string, string>; callbackUrl?: string; csrf?: boolean; /** More cookies, e.g. a device cookie. */ cookie?: string } = {},
) {
  const request = await freshContext(baseURL);
  const csrf = await request.get('/api/auth/csrf', { headers: options.headers ?? {} });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = [...setCookies(csrf).values].map(([k, v]) => `${k}=${v}`).join('; ');
  const form: Record<string, string> = { email, password };
  if (options.csrf !== false) form.csrfToken = csrfToken;
  if (options.callbackUrl !== undefined) form.callbackUrl = options.callbackUrl;
  const response = await request.post('/api/auth/callback/credentials', {
    form,
    headers: { ...(options.headers ?? {}), cookie: [options.csrf !== false ? csrfCookie : '', options.cookie ?? ''].filter(Boolean).join('; ') },
    maxRedirects: 0,
  });
  const result = { status: response.status(), headers: response.headers(), text: await response.text(), cookies: setCookies(response) };
  await request.dispose();
  return result;
}

export type SignInResult = Awaited<ReturnType<typeof credentialsSignIn>>;

/** The session cookie (`name=value`) a sign-in response set, if any. */
export function sessionCookieOf(result: SignInResult): string | undefined {
  for (const [name, value] of result.cookies.values) {
    if (name.endsWith('authjs.session-token') && value) return `${name}=${value}`;
  }
  return undefined;
}

/** No stack frame, hash, token, or secret in a body. */
export function expectClean(text: string, extra: string[] = []): void {
  expect(text).not.toMatch(/\bat [\w$.<>]+ \(|node_modules\/|\.tsx?:\d+:\d+/);
  expect(text).not.toMatch(/scrypt\$/);
  if (E2E_SECRET) expect(text).not.toContain(E2E_SECRET);
  for (const e of extra) if (e) expect(text).not.toContain(e);
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/**
 * One HTTP request exactly as given (path as is, any Host, no cookie jar, no redirects followed),
 * over loopback with Node's `http`.
 */
export async function raw(
  baseURL: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  const { request } = await import('node:http');
  const url = new URL(baseURL);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path, method: options.method ?? 'GET', headers: { host: url.host, ...(options.headers ?? {}) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(20_000, () => req.destroy(new Error(`timeout ${path}`)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

export const header = (res: RawResponse, name: string): string => {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join('\n') : (v ?? '');
};
