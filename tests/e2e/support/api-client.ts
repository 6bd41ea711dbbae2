/**
 * An API client as a script would write one: plain `fetch` and a cookie jar. Signs in through
 * Auth.js's own endpoints (`GET /api/auth/csrf` → `POST /api/auth/callback/credentials`).
 */
export class ApiClient {
  readonly jar = new Map<string, string>();

  constructor(readonly baseURL: string) {}

  get cookieHeader(): string {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The session cookie, if the jar holds one. */
  get sessionToken(): string | undefined {
    return this.jar.get('authjs.session-token') ?? this.jar.get('__Host-authjs.session-token');
  }

  protected absorb(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1).trim();
      const expired = attrs.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (!value || expired) this.jar.delete(name);
      else this.jar.set(name, value);
    }
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size && !headers.has('cookie')) headers.set('cookie', this.cookieHeader);
    let body = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    const response = await fetch(new URL(path, this.baseURL), { ...init, headers, body, redirect: 'manual' });
    this.absorb(response);
    return response;
  }

  /** `extra`: more form fields, such as the second factor's `code`. */
  async signIn(email: string, password: string, extra: Record<string, string> = {}): Promise<Response> {
    const csrf = await this.fetch('/api/auth/csrf');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    return this.fetch('/api/auth/callback/credentials', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, ...extra }).toString(),
    });
  }
}
