/**
 * One HTTP client of the app, as a script would write it (the e2e suite's `ApiClient`: plain
 * fetch, a cookie jar), with every answer recorded and bounded in time. Also the three flows that
 * are not plain JSON calls: sign-in and sign-out through Auth.js's endpoints, and the password
 * change server action posted the way a browser without JavaScript posts it.
 */
import { ApiClient } from '../e2e/support/api-client';
import type { Kind, Recorder } from './recorder';

export const SESSION_COOKIE = 'authjs.session-token';
const REQUEST_TIMEOUT_MS = 15_000;

export interface Answer {
  /** null when no answer came (connection refused, reset, timeout). */
  status: number | null;
  code: string;
  body: string;
  location: string;
  /** The session cookie the answer set (a new value), if any. */
  newToken?: string;
  error?: string;
}

/** Marks a 200 page that is really an error boundary (`components/error-view.tsx`). */
function classify(status: number, path: string, body: string): string {
  if (status !== 200 || path.startsWith('/api/') || !body.includes('data-testid="error-view"')) return String(status);
  return body.includes('trouble reaching our services') ? '200~outage' : '200~error';
}

export class ChaosClient {
  readonly api: ApiClient;
  /** What the last sign-in answered, for messages (`302 → /login?error=…`, `503`, `ERR …`). */
  lastSignIn = '';

  constructor(
    baseURL: string,
    private readonly rec: Recorder,
    private readonly kind: Kind,
    token?: string,
  ) {
    this.api = new ApiClient(baseURL);
    if (token) this.api.jar.set(SESSION_COOKIE, token);
  }

  get token(): string | undefined {
    return this.api.jar.get(SESSION_COOKIE);
  }

  async request(path: string, init: RequestInit & { json?: unknown; surface?: string } = {}): Promise<Answer> {
    const method = (init.method ?? 'GET').toUpperCase();
    const surface = init.surface ?? `${method} ${path.replace(/\/[0-9a-f-]{36}(?=\/|$)/g, '/:id').replace(/\?.*$/, '')}`;
    const started = Date.now();
    const before = this.token;
    try {
      const res = await this.api.fetch(path, { ...init, method, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body = await res.text();
      const code = classify(res.status, path, body);
      this.rec.record(this.kind, surface, code, started);
      const after = this.token;
      return { status: res.status, code, body, location: res.headers.get('location') ?? '', newToken: after && after !== before ? after : undefined };
    } catch (err) {
      this.rec.record(this.kind, surface, 'ERR', started);
      const error = err instanceof Error ? `${err.name}: ${(err.cause as Error | undefined)?.message ?? err.message}` : String(err);
      return { status: null, code: 'ERR', body: '', location: '', error };
    }
  }

  /** Auth.js credentials sign-in; true when it answered the success redirect and set a session cookie. */
  async signIn(email: string, password: string): Promise<boolean> {
    const csrf = await this.request('/api/auth/csrf', { surface: 'sign-in' });
    this.lastSignIn = `GET /api/auth/csrf ${csrf.code}${csrf.error ? ` ${csrf.error}` : ''}`;
    if (csrf.status !== 200) return false;
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    const res = await this.request('/api/auth/callback/credentials', {
      method: 'POST',
      surface: 'sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password }).toString(),
    });
    this.lastSignIn = `${res.code}${res.location ? ` → ${res.location.replace(/^https?:\/\/[^/]+/, '')}` : ''}${res.error ? ` ${res.error}` : ''}`;
    return res.status === 302 && !/error=/.test(res.location) && !!res.newToken;
  }

  /** Auth.js sign-out (POST with its CSRF token), as the sign-out button does. */
  async signOut(): Promise<Answer> {
    const csrf = await this.request('/api/auth/csrf', { surface: 'sign-out' });
    if (csrf.status !== 200) return csrf;
    const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
    return this.request('/api/auth/signout', {
      method: 'POST',
      surface: 'sign-out',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, callbackUrl: '/login' }).toString(),
    });
  }

  /**
   * The "Change password" form of /profile/security posted without JavaScript: the page's own
   * hidden action fields plus the three passwords, multipart, as a browser sends it.
   */
  async changePassword(current: string, next: string): Promise<Answer> {
    const page = await this.request('/profile/security', { surface: 'change-password' });
    const form = [...page.body.matchAll(/<form[^>]*>([\s\S]*?)<\/form>/g)].map((m) => m[1]!).find((f) => f.includes('name="currentPassword"'));
    if (page.status !== 200 || !form) return { ...page, status: page.status ?? null, error: page.error ?? 'no change-password form on /profile/security' };
    const data = new FormData();
    for (const input of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) data.append(name, decodeEntities(value));
    }
    data.append('currentPassword', current);
    data.append('newPassword', next);
    data.append('confirmPassword', next);
    // A browser sends its Origin with a form post (Next.js checks it against Host).
    return this.request('/profile/security', { method: 'POST', surface: 'change-password', body: data, headers: { origin: this.api.baseURL } });
  }
}

function decodeEntities(value: string): string {
  return value.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Whether an answer acknowledged the change (a success status, not an error redirect). */
export function acknowledged(answer: Answer): boolean {
  return answer.status !== null && answer.status >= 200 && answer.status < 400 && !/[?&]error=/.test(answer.location);
}
