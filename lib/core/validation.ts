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

/** Text a user typed: NFC-normalised, trimmed unless `keepSpaces`, bounded in code points. */
export function text(options: { min?: number; max: number; label: string; trim?: boolean }) {
  const { min = 0, max, label, trim = true } = options;
  return z
    .string({ error: `${label} must be text` })
    .refine((v) => !v.includes('\u0000'), { message: `${label} must not contain NUL characters` })
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

export const nameSchema = text({ min: 2, max: 50, label: 'Name' });

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
