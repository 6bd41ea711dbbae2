/**
 * Shared zod building blocks for every write: text that Postgres can store (no NUL, no lone
 * surrogates), lengths counted in code points after NFC normalisation, and normalised emails.
 */
import { z } from 'zod';
import { UUID_PATTERN } from './uuid';

/** Code points, not UTF-16 units: an emoji counts as one. */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * What a one-line value (a display name) must not contain: control characters (C0 with CR, LF and
 * tab, DEL, C1) and the Unicode line and paragraph separators. A name is echoed into mail, logs
 * and the audit trail: a line break there forges log lines and mail headers. (Bidi marks are
 * letters' business and stay, stored NFC as given: tests/security/input.test.ts.)
 */
const NOT_ONE_LINE = /[\p{Cc}\u2028\u2029]/u;
const NOT_ONE_LINE_ALL = new RegExp(NOT_ONE_LINE.source, 'gu');

/** Text a user typed: NFC-normalised, trimmed unless `trim: false`, bounded in code points. */
export function text(options: { min?: number; max: number; label: string; trim?: boolean; singleLine?: boolean }) {
  const { min = 0, max, label, trim = true, singleLine = false } = options;
  return z
    .string({ error: `${label} must be text` })
    .refine((v) => !v.includes('\u0000'), { message: `${label} must not contain NUL characters` })
    // Checked before trimming: a trailing newline is refused, not silently dropped (NUL has its own message).
    .refine((v) => !singleLine || v.includes('\u0000') || !NOT_ONE_LINE.test(v), { message: `${label} must not contain line breaks or control characters` })
    .refine((v) => !LONE_SURROGATE.test(v), { message: `${label} contains invalid characters` })
    .transform((v) => (trim ? v.trim() : v).normalize('NFC'))
    .refine((v) => codePointLength(v) >= min, {
      message: min <= 1 ? `${label} is required` : `${label} must be at least ${min} characters`,
    })
    .refine((v) => codePointLength(v) <= max, { message: `${label} must be at most ${max} characters` });
}

/**
 * One mailbox, one spelling: NFKC folds full-width and compatibility forms (`＠`, `﹫`, full-width
 * letters) to ASCII, surrounding spaces go, and the whole address is lower-cased.
 */
export function normalizeEmail(value: string): string {
  return value.normalize('NFKC').trim().toLowerCase();
}

export const emailSchema = z
  .string({ error: 'Email must be text' })
  .max(320, { message: 'Email is too long' })
  .transform(normalizeEmail)
  .pipe(z.email({ message: 'Enter a valid email address' }).max(254, { message: 'Email is too long' }));

/** Passwords are never trimmed or truncated; the upper bound refuses absurd input before hashing. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
export const passwordSchema = z
  .string({ error: 'Password must be text' })
  .refine((v) => !v.includes('\u0000') && !LONE_SURROGATE.test(v), { message: 'Password contains invalid characters' })
  .refine((v) => codePointLength(v) >= PASSWORD_MIN, { message: `Password must be at least ${PASSWORD_MIN} characters` })
  .refine((v) => codePointLength(v) <= PASSWORD_MAX, { message: `Password must be at most ${PASSWORD_MAX} characters` });

export const NAME_MIN = 2;
export const NAME_MAX = 50;
export const nameSchema = text({ min: NAME_MIN, max: NAME_MAX, label: 'Name', singleLine: true });

/**
 * A display name from somewhere we cannot send a field error to (an OAuth provider's profile):
 * control characters and line breaks become spaces, runs of spaces one, NFC, at most `NAME_MAX` code
 * points; `fallback` (then "User") when fewer than `NAME_MIN` remain. Always passes `nameSchema`.
 */
export function sanitizeDisplayName(value: string | null | undefined, fallback?: string): string {
  const clean = (raw: string) =>
    Array.from(raw.replace(NOT_ONE_LINE_ALL, ' ').replace(LONE_SURROGATE_ALL, '').replace(/\s+/gu, ' ').trim().normalize('NFC'))
      .slice(0, NAME_MAX)
      .join('')
      .trim();
  for (const candidate of [value ?? '', fallback ?? '', 'User']) {
    const name = clean(candidate);
    if (codePointLength(name) >= NAME_MIN) return name;
  }
  return 'User';
}

/** Field → messages, the shape every form and API error uses. */
export function fieldIssues(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join('.') : '_';
    (out[key] ??= []).push(issue.code === 'unrecognized_keys' ? `Unknown field(s): ${issue.keys.join(', ')}` : issue.message);
  }
  return out;
}

/** An id in a form field or route param; the pattern is `lib/core/uuid.ts`'s. */
export const uuidSchema = z.string().regex(UUID_PATTERN, { message: 'Invalid id' });

/** Route params of `[id]` routes: a malformed id is answered like a missing row (see `handler`). */
export const idParamsSchema = z.strictObject({ id: uuidSchema });
