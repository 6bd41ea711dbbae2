// Benchmark variant (overlay only, never shipped): Auth.js's default gate. It decrypts the JWE,
// runs the callbacks and re-encrypts + sets the cookie on every matched request.
import NextAuth from 'next-auth';
import { authConfig } from '@/auth.config';

export default NextAuth(authConfig).auth;

// The matcher is replaced with the app's own by bench/lib/variants.mjs.
export const config = {
  matcher: ['/dashboard/:path*'],
};
