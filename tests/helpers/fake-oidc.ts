/**
 * A tiny OpenID Connect provider on loopback for unit tests of Auth.js's real callback handling:
 * discovery, JWKS and a token endpoint whose ID token the test shapes (claims minted with `jose`,
 * signed with a key the JWKS publishes). It does what a well-behaved provider cannot be made to do:
 * another issuer or audience, an expired token, a wrong nonce. The end-to-end suite uses the real
 * `oidc-provider` instead (tests/e2e/support/oidc-server.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload } from 'jose';

export const FAKE_OIDC_CLIENT_ID = 'edge-sessions-test';
export const FAKE_OIDC_CLIENT_SECRET = 'edge-sessions-test-secret';

export interface FakeOidc {
  issuer: string;
  /** Shapes the next ID token: gets the default claims (nonce from the authorization request included). */
  nextIdToken(shape: (claims: JWTPayload) => JWTPayload): void;
  close(): Promise<void>;
}

/** Starts the provider; its issuer has a path (`/oidc`), so no trailing-slash ambiguity. The `/auth` endpoint logs nobody in: it answers with a code at once. */
export async function startFakeOidc(): Promise<FakeOidc> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  let shape: (claims: JWTPayload) => JWTPayload = (c) => c;
  // The nonce of the latest authorization request, which a real provider would echo in the ID token.
  const codes = new Map<string, string | undefined>();
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/oidc/.well-known/openid-configuration') {
      return send(200, {
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        userinfo_endpoint: `${issuer}/userinfo`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/oidc/jwks') return send(200, { keys: [jwk] });
    if (url.pathname === '/oidc/auth') {
      // No login page: a code for this request, remembered with its nonce.
      const code = crypto.randomUUID();
      codes.set(code, url.searchParams.get('nonce') ?? undefined);
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/oidc/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', async () => {
        const code = new URLSearchParams(body).get('code') ?? '';
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        if (!codes.has(code) || basic !== `${FAKE_OIDC_CLIENT_ID}:${FAKE_OIDC_CLIENT_SECRET}`) return send(400, { error: 'invalid_grant' });
        const now = Math.floor(Date.now() / 1000);
        const claims = shape({ iss: issuer, aud: FAKE_OIDC_CLIENT_ID, iat: now, exp: now + 300, nonce: codes.get(code) });
        codes.delete(code);
        const idToken = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).sign(privateKey);
        send(200, { access_token: 'at-' + code, token_type: 'Bearer', expires_in: 300, id_token: idToken });
      });
      return;
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oidc`;
  return {
    issuer,
    nextIdToken(fn) {
      shape = fn;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
