import { describe, expect, it } from 'vitest';
import { generate } from 'otplib';
import { decryptTotpSecret, encryptTotpSecret, matchTotpCode, newTotpSecret, totpQrSvg, totpUrl } from './totp';

const OLD = 'old-secret-old-secret-old-secret-0123456789';
const NEW = 'new-secret-new-secret-new-secret-0123456789';

describe('TOTP secrets at rest', () => {
  it('AES-256-GCM with a key id; readable after rotation (new AUTH_SECRET, old one as AUTH_SECRET_PREVIOUS)', () => {
    const secret = newTotpSecret();
    const stored = encryptTotpSecret(secret, [OLD]);
    expect(stored).not.toContain(secret);
    expect(stored.split('.')).toHaveLength(5);
    // Two encryptions differ (random IV).
    expect(encryptTotpSecret(secret, [OLD])).not.toBe(stored);
    expect(decryptTotpSecret(stored, [OLD])).toBe(secret);
    // Rotated: the current secret is NEW, OLD is previous.
    expect(decryptTotpSecret(stored, [NEW, OLD])).toBe(secret);
    // New writes use the current secret's key; the old secret alone no longer opens them.
    const rewritten = encryptTotpSecret(secret, [NEW, OLD]);
    expect(rewritten.split('.')[1]).not.toBe(stored.split('.')[1]);
    expect(decryptTotpSecret(rewritten, [OLD])).toBeNull();
    // The old secret dropped entirely: unreadable, never a wrong value.
    expect(decryptTotpSecret(stored, [NEW])).toBeNull();
  });

  it('a tampered ciphertext or key id does not open', () => {
    const stored = encryptTotpSecret(newTotpSecret(), [OLD]);
    const parts = stored.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(decryptTotpSecret([parts[0], parts[1], parts[2], body.toString('base64url'), parts[4]].join('.'), [OLD])).toBeNull();
    expect(decryptTotpSecret([parts[0], 'ffffffffffff', parts[2], parts[3], parts[4]].join('.'), [OLD])).toBeNull();
    expect(decryptTotpSecret('garbage', [OLD])).toBeNull();
  });
});

describe('codes', () => {
  it('±1 time step, returning the step that matched; further off, or malformed, is refused', async () => {
    const secret = newTotpSecret();
    const at = Math.floor(Date.now() / 30_000) * 30_000 + 10_000;
    const step = Math.floor(at / 30_000);
    const codeAt = (offset: number) => generate({ secret, epoch: at / 1000 + offset * 30 });
    expect(await matchTotpCode(secret, await codeAt(0), at)).toBe(step);
    expect(await matchTotpCode(secret, await codeAt(-1), at)).toBe(step - 1);
    expect(await matchTotpCode(secret, await codeAt(1), at)).toBe(step + 1);
    const far = await codeAt(-3);
    if (![await codeAt(-1), await codeAt(0), await codeAt(1)].includes(far)) expect(await matchTotpCode(secret, far, at)).toBeNull();
    expect(await matchTotpCode(secret, '12345', at)).toBeNull();
    expect(await matchTotpCode(secret, 'abcdef', at)).toBeNull();
  });

  it('the otpauth URL and its QR code (SVG)', async () => {
    const url = totpUrl('JBSWY3DPEHPK3PXP', 'ada@example.test');
    expect(url).toMatch(/^otpauth:\/\/totp\/edge-sessions:ada(%40|@)example\.test\?/);
    expect(url).toContain('issuer=edge-sessions');
    const svg = await totpQrSvg(url);
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(svg).not.toMatch(/<script/i);
  });
});
