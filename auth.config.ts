/**
 * Edge-safe Auth.js configuration: shared by `auth.ts` (Node) and the benchmark's default-gate
 * variant. No database, KV, hashing or `node:*` import may appear here or below it.
 *
 * Sessions are JWT-only (an encrypted cookie, no session table). Lifetimes:
 * - sliding: 7 days after the token was last issued (`SESSION_MAX_AGE_SECONDS`);
 * - re-issued at most once a day of activity (`SESSION_UPDATE_AGE_SECONDS`);
 * - absolute: 30 days after sign-in (`SESSION_ABSOLUTE_MAX_AGE_SECONDS`), whatever the activity.
 */
import type { DefaultSession, NextAuthConfig } from 'next-auth';
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, readSessionClaims } from '@/lib/core/session-token';
import type { Role } from '@/lib/core/roles';
import { gateDecision } from '@/lib/core/routes';
import { readAuthSecrets } from '@/lib/core/env';
import { safeRedirectUrl } from '@/lib/core/safe-redirect';

declare module 'next-auth' {
  interface Session {
    user: {
      id: string;
      role: Role;
    } & DefaultSession['user'];
    authzVersion: number;
    authTime: number;
  }
  interface User {
    role?: Role;
    authzVersion?: number;
    /** Whether the email is verified (read with the role at sign-in). */
    emailVerified?: boolean;
    /** Provider sign-ins: the provider, plus `mfa` when its ID token says a second factor was used. */
    amr?: string[];
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id?: string;
    /** The sign-in (`user_sessions.id`) every token re-issued from this one keeps. */
    sid?: string;
    role?: Role;
    authzVersion?: number;
    authTime?: number;
    emailVerified?: boolean;
    /** How this sign-in authenticated, when a provider did it (`['oidc', 'mfa']`); see `readSessionClaims`. */
    amr?: string[];
  }
}

export const authConfig = {
  secret: readAuthSecrets(),
  trustHost: true,
  pages: { signIn: '/login', error: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
  providers: [],
  callbacks: {
    /** Every redirect Auth.js makes stays on our origin (foreign or tricky targets → /dashboard). */
    redirect({ url, baseUrl }) {
      return safeRedirectUrl(url, baseUrl);
    },
    /** The gate's rules (`gateDecision`, as in `middleware.ts`), when `NextAuth(authConfig).auth` runs as middleware. */
    authorized({ auth, request }) {
      const decision = gateDecision(request.nextUrl.pathname, auth?.user?.id ? auth.user.role : null);
      if (decision === 'unauthorized') return Response.redirect(new URL('/unauthorized', request.nextUrl));
      return decision === 'pass';
    },
    /**
     * Shapes the token. At sign-in `auth.ts` has already read id, role and authzVersion from the
     * database into `user`; afterwards a token that is no longer a valid session (no id, unknown
     * role, past the absolute lifetime) ends the session.
     */
    jwt({ token, user }) {
      if (user?.id) {
        token.id = user.id;
        token.role = user.role ?? 'user';
        token.authzVersion = user.authzVersion ?? 0;
        token.emailVerified = user.emailVerified === true;
        token.authTime = Math.floor(Date.now() / 1000);
        if (user.amr?.length) token.amr = user.amr;
        return token;
      }
      const claims = readSessionClaims({ ...token, iat: token.iat ?? 0, exp: token.exp ?? 0 });
      return claims ? token : null;
    },
    session({ session, token }) {
      if (token.id) session.user.id = token.id;
      if (token.role) session.user.role = token.role;
      session.authzVersion = token.authzVersion ?? 0;
      session.authTime = token.authTime ?? 0;
      return session;
    },
  },
} satisfies NextAuthConfig;
