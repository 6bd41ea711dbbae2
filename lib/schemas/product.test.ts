import { describe, expect, it } from 'vitest';
import { centsToDecimal, createProductSchema, formatPrice, parsePriceToCents, productFormSchema, updateProductSchema } from './product';

describe('product prices', () => {
  it('parses decimal strings into cents without floating-point drift', () => {
    expect(parsePriceToCents('12.34')).toBe(1234);
    expect(parsePriceToCents(' 7 ')).toBe(700);
    expect(parsePriceToCents('0.5')).toBe(50);
    expect(parsePriceToCents('0.29')).toBe(29);
    expect(parsePriceToCents('1000000.00')).toBe(100_000_000);
    for (const bad of ['', '-1', '1.234', '1,5', '1e3', 'abc', '.5', '12.', '0x10']) expect(parsePriceToCents(bad)).toBeNull();
  });

  it('formats cents back', () => {
    expect(centsToDecimal(1234)).toBe('12.34');
    expect(centsToDecimal(5)).toBe('0.05');
    expect(formatPrice(100_000_000)).toBe('$1,000,000.00');
  });
});

describe('product schemas', () => {
  it('the API schema takes integer cents in range and refuses unknown keys', () => {
    expect(createProductSchema.parse({ name: '  Lamp ', priceCents: 0 })).toEqual({ name: 'Lamp', priceCents: 0 });
    expect(createProductSchema.safeParse({ name: 'Lamp', priceCents: 12.5 }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'Lamp', priceCents: -1 }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'Lamp', priceCents: 100_000_001 }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'Lamp', priceCents: '100' }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'Lamp', priceCents: 1, ownerId: 'x' }).success).toBe(false);
  });

  it('counts the name in code points: 100 emoji fit, 101 do not; NUL is refused', () => {
    expect(createProductSchema.safeParse({ name: '🎉'.repeat(100), priceCents: 1 }).success).toBe(true);
    expect(createProductSchema.safeParse({ name: '🎉'.repeat(101), priceCents: 1 }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'a\u0000b', priceCents: 1 }).success).toBe(false);
    expect(createProductSchema.safeParse({ name: 'a', description: 'x'.repeat(2001), priceCents: 1 }).success).toBe(false);
  });

  it('a patch needs at least one field', () => {
    expect(updateProductSchema.safeParse({}).success).toBe(false);
    expect(updateProductSchema.parse({ priceCents: 5 })).toEqual({ priceCents: 5 });
  });

  it('the form schema turns the price into cents and explains a bad one', () => {
    expect(productFormSchema.parse({ name: 'Lamp', description: '', price: '19.99' })).toEqual({ name: 'Lamp', description: '', price: 1999 });
    const bad = productFormSchema.safeParse({ name: 'Lamp', price: '19.999' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('Enter a price like 12.34');
    const big = productFormSchema.safeParse({ name: 'Lamp', price: '1000000.01' });
    expect(big.error?.issues[0]?.message).toBe('Price must be at most $1,000,000.00');
  });
});
