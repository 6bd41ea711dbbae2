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
import { SESSION_MAX_AGE_SECONDS, SESSION_UPDATE_AGE_SECONDS, decodeForAuthJs, encodeForAuthJs } from '@/lib/core/session-token';
import { readSessionClaims, signInClaims } from '@/lib/core/session-claims';
import { sessionCookieAttributes, sessionCookieName } from '@/lib/core/session-cookie';
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

/**
 * Auth.js's cookies on an https (`secure`: the public origin's protocol) or http origin: the
 * session cookie is the app's own (`__Host-` over https, lib/core/session-cookie.ts), so Auth.js,
 * the gate and the app read and write one name. Auth.js would otherwise pick `__Secure-` from the
 * URL it is handed; `useSecureCookies` follows the same decision for its other cookies.
 */
export function authCookies(secure: boolean): Pick<NextAuthConfig, 'useSecureCookies' | 'cookies'> {
  const name = sessionCookieName(secure);
  return { useSecureCookies: secure, cookies: { sessionToken: { name, options: sessionCookieAttributes(name) } } };
}

export const authConfig = {
  secret: readAuthSecrets(),
  trustHost: true,
  pages: { signIn: '/login', error: '/login' },
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS, updateAge: SESSION_UPDATE_AGE_SECONDS },
  // Auth.js mints and reads with the app's codec: one token format, one writer, the absolute cap.
  jwt: { encode: encodeForAuthJs, decode: decodeForAuthJs },
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
        const subject = {
          id: user.id,
          name: user.name ?? null,
          email: user.email ?? null,
          image: user.image ?? null,
          role: user.role ?? 'user',
          authzVersion: user.authzVersion ?? 0,
          emailVerified: user.emailVerified === true,
          amr: user.amr,
        };
        return { ...token, ...signInClaims(subject) };
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
