import { describe, expect, it } from 'vitest';
import { DEFAULT_SPLIT, PRODUCT_SPLIT, planParts, splitPolicy } from './split.js';

describe('planParts', () => {
  it.each([
    ['no records', undefined, 0, undefined],
    ['below the threshold', { min: 100, max: 299 }, 199, undefined],
    ['one id', { min: 5, max: 5 }, 500, undefined],
  ] as const)('%s: no split', (_, bounds, count, want) => {
    expect(planParts(bounds, count)).toEqual(want);
  });

  it('a first import of 1,000 dense orders: 8 parts of 125', () => {
    const parts = planParts({ min: 100, max: 1099 }, 1000)!;
    expect(parts).toHaveLength(8);
    expect(parts[0]).toEqual({ min: 100, max: 224 });
    expect(parts.at(-1)).toEqual({ min: 975, max: 1099 });
  });

  it('10,000 orders: parts of at most 250', () => {
    const parts = planParts({ min: 100, max: 10_099 }, 10_000)!;
    expect(parts).toHaveLength(40);
    expect(parts.every((p) => p.max - p.min + 1 <= 250)).toBe(true);
  });

  it.each([
    [{ min: 100, max: 1099 }, 1000],
    [{ min: 1, max: 987_654 }, 321],
    [{ min: 7, max: 2_006 }, 2000],
  ])('covers %o exactly, in order, without overlap (%i records)', (bounds, count) => {
    const parts = planParts(bounds, count)!;
    expect(parts[0]!.min).toBe(bounds.min);
    expect(parts.at(-1)!.max).toBe(bounds.max);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.min).toBe(parts[i - 1]!.max + 1);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts.length).toBeLessThanOrEqual(Math.ceil(count / DEFAULT_SPLIT.minPerPart));
  });
});

describe('products (PRODUCT_SPLIT)', () => {
  it.each([
    [49, undefined],
    [80, 8],
    [400, 8],
    [2000, 20],
  ])('%i dense products: %s parts', (count, n) => {
    expect(planParts({ min: 1, max: count }, count, PRODUCT_SPLIT)?.length).toBe(n);
  });
});

describe('splitPolicy', () => {
  it("is the entity's own unless the test knob names a part size", () => {
    expect(splitPolicy(DEFAULT_SPLIT, {})).toBe(DEFAULT_SPLIT);
    expect(splitPolicy(PRODUCT_SPLIT, {})).toBe(PRODUCT_SPLIT);
    expect(splitPolicy(DEFAULT_SPLIT, { BC_ODOO_SPLIT_PART_SIZE: 'x' })).toBe(DEFAULT_SPLIT);
    const p = splitPolicy(PRODUCT_SPLIT, { BC_ODOO_SPLIT_PART_SIZE: '8' });
    expect(planParts({ min: 100, max: 138 }, 39, p)).toHaveLength(5);
  });
});
