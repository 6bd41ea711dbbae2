// Benchmark overlay (lab variant only, never shipped): the data access layer's entry with the
// public twin in front of it. The app's lib/auth/index.ts is renamed to index.app.ts in the
// scratch copy and re-exported whole; the session readers pages call answer a request carrying
// `x-bench-twin: 1` with a fixed session, without reading the cookie, decrypting or asking KV
// (headers() keeps the page dynamic). Every other request goes to the app's own functions.
import { cache } from 'react';
import { headers } from 'next/headers';
import type { AppSession } from '@/lib/auth';
// @ts-expect-error -- exists only in the scratch copy, where the app's entry is renamed to it
import * as app from './index.app';

// @ts-expect-error -- as above; the declarations below take precedence over these re-exports
export * from './index.app';

const TWIN: AppSession = {
  authzVersion: 0,
  authTime: 0,
  expires: 0,
  sid: '00000000-0000-4000-8000-000000000001',
  needsCookieRefresh: false,
  user: { id: '00000000-0000-4000-8000-000000000000', name: 'Uma User', email: 'user@example.com', image: null, role: 'user', emailVerified: true },
};

const isTwin = cache(async () => (await headers()).get('x-bench-twin') === '1');

export async function getSession(): Promise<AppSession | null> {
  return (await isTwin()) ? TWIN : app.getSession();
}

export async function requireAuth(): Promise<AppSession> {
  return (await isTwin()) ? TWIN : app.requireAuth();
}
