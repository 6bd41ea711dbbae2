import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/core/env';
import { gitHubProfile, providerAuthMethods } from './providers';

describe("GitHub's address counts as verified only when /user/emails says so", () => {
  let emails: unknown = [];
  let base = '';
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(req.url === '/user/emails' ? emails : { id: 42, login: 'octo', name: 'Octo', email: 'public@example.test', avatar_url: '' }));
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('takes the primary address with its verified flag, not the public profile address', async () => {
    emails = [
      { email: 'other@example.test', primary: false, verified: true },
      { email: 'primary@example.test', primary: true, verified: false },
    ];
    expect(await gitHubProfile('token', base)).toMatchObject({ id: 42, email: 'primary@example.test', email_verified: false });
    emails = [{ email: 'primary@example.test', primary: true, verified: true }];
    expect(await gitHubProfile('token', base)).toMatchObject({ email: 'primary@example.test', email_verified: true });
    emails = [];
    expect(await gitHubProfile('token', base)).toMatchObject({ email: null, email_verified: false });
  });
});

describe('provider MFA: which ID token claims count is configuration', () => {
  afterAll(() => {
    delete process.env.AUTH_OIDC_MFA_ACR;
    delete process.env.AUTH_OIDC_MFA_AMR;
    resetEnvCache();
  });

  it('amr mfa/otp/hwk by default; acr only when configured; GitHub never', () => {
    expect(providerAuthMethods('oidc', { amr: ['pwd', 'otp'] })).toEqual(['oidc', 'mfa']);
    expect(providerAuthMethods('oidc', { amr: ['pwd'], acr: 'urn:mfa' })).toEqual(['oidc']);
    expect(providerAuthMethods('oidc', { amr: 'mfa' })).toEqual(['oidc']);
    expect(providerAuthMethods('github', { amr: ['mfa'] })).toEqual(['github']);
    process.env.AUTH_OIDC_MFA_ACR = 'urn:mfa';
    process.env.AUTH_OIDC_MFA_AMR = 'hwk';
    resetEnvCache();
    expect(providerAuthMethods('oidc', { amr: ['pwd'], acr: 'urn:mfa' })).toEqual(['oidc', 'mfa']);
    expect(providerAuthMethods('oidc', { amr: ['otp'] })).toEqual(['oidc']);
  });
});
