// Benchmark variant (overlay only, never shipped): Auth.js's default gate. It decrypts the JWE,
// runs the callbacks and re-encrypts + sets the cookie on every matched request. Its `authorized`
// callback applies the app's route rules (lib/core/routes) here, so the variant gates the same
// paths whatever auth.config.ts declares. bench/lib/variants.mjs appends the app's own matcher.
import NextAuth, { type NextAuthConfig } from 'next-auth';
import { authConfig } from '@/auth.config';
import { isAdminPath, isProtectedPath } from '@/lib/core/routes';

const authorized: NonNullable<NextAuthConfig['callbacks']>['authorized'] = ({ auth, request }) => {
  const { pathname } = request.nextUrl;
  if (!isProtectedPath(pathname)) return true;
  if (!auth?.user?.id) return false;
  if (isAdminPath(pathname) && auth.user.role !== 'admin') return Response.redirect(new URL('/unauthorized', request.nextUrl));
  return true;
};

export default NextAuth({ ...authConfig, callbacks: { ...authConfig.callbacks, authorized } }).auth;
