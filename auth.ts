/**
 * Node-side Auth.js: providers and the sign-in enrichment. The token's `id`, `role` and
 * `authzVersion` are read from the database in the same row read that checks the password
 * (versions, not timestamps: a sign-in racing a demotion carries the old version and is caught
 * by the freshness check once the demotion commits). Each sign-in is recorded in the registry
 * and its id (`sid`) is carried by every token descending from it; a token Auth.js sees again
 * goes through the same freshness check as `getSession()` (`lib/auth/authjs-token.ts`).
 *
 * There is no `events.signOut`: Auth.js swallows errors thrown there, so a sign-out is recorded
 * before Auth.js runs (`endCurrentSignIn`, called by the Auth.js route and the sign-out action).
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { headers } from 'next/headers';
import { authConfig, authCookies } from '@/auth.config';
import { isSecureOrigin } from '@/lib/core/session-cookie';
import { authorizeCredentials, authorizePasskey, checkAuthJsToken, startSignIn, providerSignIns, providerSignInCallback, providerAuthMethods } from '@/lib/auth';
import { authLogger } from '@/lib/auth-logger';

/** Surfaces as `?error=CredentialsSignin&code=…` on the sign-in page. */
class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

function providers(): NextAuthConfig['providers'] {
  const list: NextAuthConfig['providers'] = [
    Credentials({
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, request) {
        const result = await authorizeCredentials(credentials, request.headers);
        if (result.ok) return result.user;
        throw new SignInRefused(result.code);
      },
    }),
    // Usernameless passkey sign-in: `response` is the JSON of @simplewebauthn/browser's `startAuthentication()`.
    Credentials({
      id: 'passkey',
      name: 'Passkey',
      credentials: { response: { label: 'Passkey response', type: 'text' } },
      async authorize(credentials, request) {
        const result = await authorizePasskey(credentials, request.headers);
        if (result.ok) return result.user;
        throw new SignInRefused(result.code);
      },
    }),
  ];
  return [...list, ...providerSignIns()];
}

const providerList = providers();

/** Whether this request's public origin is https (the session cookie is then `__Host-`). */
async function secureOrigin(request: Request | undefined): Promise<boolean> {
  if (request) return isSecureOrigin(request.headers);
  try {
    return isSecureOrigin(await headers()); // signIn/signOut in a server action, auth() in a render
  } catch {
    return isSecureOrigin(new Headers()); // no request scope: AUTH_URL decides
  }
}

// Lazy: the cookie names follow each request's public origin (lib/core/public-origin.ts).
export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => ({
  ...authConfig,
  ...authCookies(await secureOrigin(request)),
  providers: providerList,
  // Expected events (a wrong password, a throttled sign-in, an unreadable cookie, an outage
  // already answered 503) in one line each; real errors keep their stack.
  logger: authLogger,
  callbacks: {
    ...authConfig.callbacks,
    /**
     * Provider sign-ins are decided here (`lib/auth/provider-sign-in.ts`), before any token exists:
     * a refusal or a Security-page connect answers with a redirect and no new session. An accepted
     * sign-in leaves our own row (id, role, version) on `user`, the object Auth.js passes to `jwt`.
     */
    async signIn({ user, account, profile }) {
      if (!account || account.type === 'credentials') return true;
      return providerSignInCallback(user, account, profile);
    },
    async jwt(params) {
      const { user, account, profile } = params;
      if (!user) return checkAuthJsToken(params.token);
      // A provider's own word on MFA; our Credentials providers (password, passkey) set `user.amr` themselves.
      if (account && (account.type === 'oauth' || account.type === 'oidc')) {
        user.amr = providerAuthMethods(account.provider, profile);
      }
      return startSignIn(authConfig.callbacks.jwt(params));
    },
  },
}));
