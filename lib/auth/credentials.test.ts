import { beforeAll, describe, expect, it } from 'vitest';
import { useFreshBackends } from '@/tests/helpers/db';
import { createTestUser, TEST_PASSWORD } from '@/tests/helpers/users';
import type { TokenSubject } from '@/tests/helpers/tokens';
import { changeAuthorization } from './change-authorization';
import { verifyCredentials } from './credentials';

let user: TokenSubject;

beforeAll(async () => {
  await useFreshBackends();
  user = await createTestUser({ email: 'mixed@example.test' });
});

describe('verifyCredentials', () => {
  it('signs in with the right password, whatever the email casing and spaces', async () => {
    const result = await verifyCredentials({ email: '  MIXED@Example.TEST ', password: TEST_PASSWORD }, 'shared');
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: 'user', authzVersion: 1 } });
  });

  it('answers the same "invalid" for a wrong password and an unknown email', async () => {
    expect(await verifyCredentials({ email: user.email, password: 'wrong-password' }, 'shared')).toEqual({ ok: false, code: 'invalid' });
    expect(await verifyCredentials({ email: 'nobody@example.test', password: TEST_PASSWORD }, 'shared')).toEqual({ ok: false, code: 'invalid' });
    expect(await verifyCredentials({ email: 'not an email', password: TEST_PASSWORD }, 'shared')).toEqual({ ok: false, code: 'invalid' });
  });

  it('refuses a banned user even with the right password', async () => {
    const banned = await createTestUser();
    await changeAuthorization(banned.id, { banned: true });
    expect(await verifyCredentials({ email: banned.email, password: TEST_PASSWORD }, 'shared')).toEqual({ ok: false, code: 'invalid' });
  });

  it('answers "unavailable" (not "invalid") when the database is down', async () => {
    const { database } = await useFreshBackends();
    await database.close();
    expect(await verifyCredentials({ email: user.email, password: TEST_PASSWORD }, 'shared')).toEqual({ ok: false, code: 'unavailable' });
  });
});
