import { describe, expect, it } from 'vitest';
import { hashPassword, verifyAgainstDummy, verifyPassword } from './password';

describe('password hashing (scrypt)', () => {
  it('verifies the right password and rejects a wrong one', async () => {
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false);
  });

  it('salts every hash and never truncates long passwords', async () => {
    const long = 'p'.repeat(200);
    const [a, b] = await Promise.all([hashPassword(long), hashPassword(long)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword(long, a)).toBe(true);
    expect(await verifyPassword(long.slice(0, 199), a)).toBe(false);
  });

  it('treats NFC and NFD spellings of a password as the same password', async () => {
    const hash = await hashPassword('caf\u00e9-password');
    expect(await verifyPassword('cafe\u0301-password', hash)).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing, and the dummy check is always false', async () => {
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
    expect(await verifyAgainstDummy('anything')).toBe(false);
  });
});
