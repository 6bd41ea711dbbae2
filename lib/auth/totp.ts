/**
 * The authenticator app (TOTP, RFC 6238) with otplib 13: secrets, the `otpauth://` URL, its QR
 * code (SVG, drawn on the server), and code verification with ±1 time step that returns the time
 * step that matched (the caller stores it: a code is accepted at most once).
 *
 * Secrets are stored encrypted (AES-256-GCM). The key is derived with HKDF-SHA256 from
 * `AUTH_SECRET` with an info string used for nothing else; each ciphertext names the key it was
 * made with (a key id), and decryption tries every secret in `getEnv().authSecrets`, so a secret
 * rotated to `AUTH_SECRET_PREVIOUS` still opens the stored ones.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { getEnv } from '@/lib/core/env';

export const TOTP_ISSUER = 'edge-sessions';
export const TOTP_PERIOD_SECONDS = 30;
const KEY_INFO = 'edge-sessions totp secret encryption v1';
const FORMAT = 'v1';

interface DerivedKey {
  id: string;
  key: Buffer;
}

function deriveKey(secret: string): DerivedKey {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_INFO, 32));
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

const keysOf = (secrets: readonly string[]) => secrets.map(deriveKey);

/** A new random base32 secret (20 bytes, 160 bits). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** `otpauth://totp/edge-sessions:<email>?secret=…&issuer=edge-sessions…` for the authenticator app. */
export function totpUrl(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret, period: TOTP_PERIOD_SECONDS, digits: 6, algorithm: 'sha1' });
}

/** The QR code of `url` as an SVG document (no script, no external reference). */
export async function totpQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** Encrypts a TOTP secret for storage with the current `AUTH_SECRET`'s key. */
export function encryptTotpSecret(secret: string, secrets: readonly string[] = getEnv().authSecrets): string {
  const current = secrets[0];
  if (!current) throw new Error('AUTH_SECRET is not set');
  const { id, key } = deriveKey(current);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${FORMAT}.${id}`));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, id, iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The stored secret in clear; null when no configured secret's key opens it (tampered, or its secret is gone). */
export function decryptTotpSecret(stored: string, secrets: readonly string[] = getEnv().authSecrets): string | null {
  const parts = stored.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) return null;
  const [, id, iv, body, tag] = parts as [string, string, string, string, string];
  // The key named by the ciphertext first; every other one after (a key id is only a hint).
  const keys = keysOf(secrets).sort((a, b) => Number(b.id === id) - Number(a.id === id));
  for (const { key } of keys) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${FORMAT}.${id}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      // not this key
    }
  }
  return null;
}

/** Whether `code` looks like a TOTP code (6 digits, spaces allowed as typed from an app). */
export function normalizeTotpCode(code: string): string | null {
  const digits = code.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * The time step `code` belongs to when it is valid for `secret` now (±1 step, 30 s), else null.
 * Replay protection is the caller's (the stored last step only ever grows).
 */
export async function matchTotpCode(secret: string, code: string, at: number = Date.now()): Promise<number | null> {
  const token = normalizeTotpCode(code);
  if (!token) return null;
  const result = await verify({ secret, token, epoch: Math.floor(at / 1000), period: TOTP_PERIOD_SECONDS, epochTolerance: TOTP_PERIOD_SECONDS });
  if (!result.valid || !('timeStep' in result) || typeof result.timeStep !== 'number') return null;
  return result.timeStep;
}
