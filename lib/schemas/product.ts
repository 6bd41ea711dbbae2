/**
 * Schemas for products: the JSON API (`priceCents` as an integer) and the page forms (a decimal
 * price like "12.34" turned into cents without floating point). All strict: unknown keys such
 * as `ownerId` or `id` in a body are refused, never silently dropped.
 */
import { z } from 'zod';
import { text } from '@/lib/core/validation';

const PRICE_CENTS_MAX = 100_000_000;
const PRODUCT_NAME_MAX = 100;
const PRODUCT_DESCRIPTION_MAX = 2000;

const nameField = text({ min: 1, max: PRODUCT_NAME_MAX, label: 'Name' });
const descriptionField = text({ max: PRODUCT_DESCRIPTION_MAX, label: 'Description' });
const priceCentsField = z
  .number({ error: 'Price must be a number of cents' })
  .int({ message: 'Price must be a whole number of cents' })
  .min(0, { message: 'Price cannot be negative' })
  .max(PRICE_CENTS_MAX, { message: `Price must be at most ${PRICE_CENTS_MAX} cents` });

/** `POST /api/products`. */
export const createProductSchema = z.strictObject({
  name: nameField,
  description: descriptionField.optional(),
  priceCents: priceCentsField,
});

/** `PATCH /api/products/:id`: any of the fields, at least one. */
export const updateProductSchema = z
  .strictObject({
    name: nameField.optional(),
    description: descriptionField.optional(),
    priceCents: priceCentsField.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: 'Send at least one of name, description, priceCents' });

const PRICE_SHAPE = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** "12.34" → 1234, "7" → 700, "0.5" → 50; null for anything else (no floats involved). */
export function parsePriceToCents(input: string): number | null {
  const match = PRICE_SHAPE.exec(input.trim());
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

/** 1234 → "12.34" (what the edit form shows). */
export function centsToDecimal(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** 1234 → "$12.34" for display. */
export function formatPrice(cents: number): string {
  return `$${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
}

const priceFormField = z.string({ error: 'Price is required' }).transform((value, ctx) => {
  const cents = parsePriceToCents(value);
  if (cents === null) {
    ctx.addIssue({ code: 'custom', message: 'Enter a price like 12.34' });
    return z.NEVER;
  }
  if (cents > PRICE_CENTS_MAX) {
    ctx.addIssue({ code: 'custom', message: `Price must be at most ${formatPrice(PRICE_CENTS_MAX)}` });
    return z.NEVER;
  }
  return cents;
});

/** The create form on `/products/new`. */
export const productFormSchema = z.strictObject({
  name: nameField,
  description: descriptionField.optional(),
  price: priceFormField,
});

/** The edit form: the same fields plus the product id (checked against the session in the action). */
export const productEditFormSchema = productFormSchema.extend({ id: z.string({ error: 'Missing product id' }) });

/** The name search of the product lists (`?q=`): plain text, at most 100 characters. */
export const productSearchSchema = text({ max: PRODUCT_NAME_MAX, label: 'Search' });

/** The delete confirmation form. */
export const productDeleteFormSchema = z.strictObject({ id: z.string({ error: 'Missing product id' }) });
