/**
 * The end-to-end suite's OpenID Connect provider: `oidc-provider` (the certified OpenID Connect
 * server for Node) on a loopback port, with one confidential client (client_secret_basic, the
 * app's `/api/auth/callback/oidc`) and test accounts, signing in through its own development
 * login and consent pages (devInteractions: any password, the login names the account).
 *
 * Started by playwright.config.ts (a webServer entry): E2E_OIDC_PORT, E2E_OIDC_APP_ORIGIN.
 * Plain JavaScript: run by `node` with no build step, before the app starts.
 */
import Provider from 'oidc-provider';

const port = Number(process.env.E2E_OIDC_PORT);
const appOrigin = process.env.E2E_OIDC_APP_ORIGIN;
if (!port || !appOrigin) throw new Error('E2E_OIDC_PORT and E2E_OIDC_APP_ORIGIN are required');

/** The client playwright.config.ts gives the app (AUTH_OIDC_ID, AUTH_OIDC_SECRET). */
const E2E_OIDC_CLIENT = { id: 'edge-sessions-e2e', secret: 'edge-sessions-e2e-secret-0123456789' };

/** login → claims (and the `amr` the provider reports for that sign-in). */
const ACCOUNTS = {
  'new-user': { email: 'new.sso@example.test', email_verified: true, name: 'New Sso' },
  squatted: { email: 'squatted.sso@example.test', email_verified: true, name: 'Real Owner' },
  unverified: { email: 'unverified.sso@example.test', email_verified: false, name: 'Unverified Sso' },
  'mfa-user': { email: 'mfa.sso@example.test', email_verified: true, name: 'Mfa Sso', amr: ['pwd', 'mfa'] },
  plain: { email: 'plain.sso@example.test', email_verified: true, name: 'Plain Sso', amr: ['pwd'] },
  'mfa-admin': { email: 'mfa.admin.sso@example.test', email_verified: true, name: 'Mfa Admin', amr: ['pwd', 'otp'] },
  'plain-admin': { email: 'plain.admin.sso@example.test', email_verified: true, name: 'Plain Admin', amr: ['pwd'] },
  banned: { email: 'banned.sso@example.test', email_verified: true, name: 'Banned Sso' },
  connector: { email: 'connector.elsewhere@example.test', email_verified: true, name: 'Connector' },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: E2E_OIDC_CLIENT.id,
      client_secret: E2E_OIDC_CLIENT.secret,
      redirect_uris: [`${appOrigin}/api/auth/callback/oidc`],
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // `amr` listed so the ID token carries the methods of the sign-in (from the login result, below).
  claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
  // Email and email_verified in the ID token (as Okta, Google and Keycloak send them), not only at userinfo.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['edge-sessions-e2e-oidc-cookie-key'] },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    const { amr: _amr, ...claims } = account;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
});

// devInteractions records a login without `amr`; the account's methods are added to that result, so
// the ID token says what a real provider would after that account's sign-in.
const finish = provider.interactionFinished.bind(provider);
provider.interactionFinished = (req, res, result, options) => {
  const amr = result?.login ? ACCOUNTS[result.login.accountId]?.amr : undefined;
  return finish(req, res, amr ? { ...result, login: { ...result.login, amr } } : result, options);
};

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on http://127.0.0.1:${port}`);
});
