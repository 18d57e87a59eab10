import { describe, expect, it } from 'vitest';
import type { BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import { layoutPrices, productPrice, variantPrice } from './pricing.js';

const product = (over: Partial<BcProduct> = {}): BcProduct =>
  ({ id: 1, name: 'P', price: 10, sale_price: 0, ...over }) as BcProduct;
let vid = 100;
const variant = (values: [option: number, value: number][], over: Partial<BcVariant> = {}): BcVariant =>
  ({
    id: vid++,
    product_id: 1,
    sku: `S${vid}`,
    option_values: values.map(([o, v]) => ({ id: v, option_id: o, label: `v${v}`, option_display_name: `o${o}` })),
    ...over,
  }) as BcVariant;

describe('storefront prices', () => {
  it.each([
    [{ price: 10 }, 10],
    [{ price: 10, sale_price: 8 }, 8],
    [{ price: 10, sale_price: 8, calculated_price: 7.5 }, 7.5],
  ])('product %j → %d', (over, want) => expect(productPrice(product(over as Partial<BcProduct>))).toBe(want));
  it.each([
    [{}, 10],
    [{ price: 12 }, 12],
    [{ price: 12, sale_price: 11 }, 11],
    [{ price: null, sale_price: null }, 10],
    [{ calculated_price: 9.99 }, 9.99],
  ])('variant %j of a 10.00 product → %d', (over, want) =>
    expect(variantPrice(variant([], over as Partial<BcVariant>), product())).toBe(want),
  );
});

describe('layoutPrices', () => {
  it('a simple product is additive with no extras', () => {
    expect(layoutPrices(product(), [variant([])])).toEqual({ kind: 'additive', base: 10, extras: new Map() });
  });

  it('same price everywhere → zero extras', () => {
    const l = layoutPrices(product(), [variant([[1, 11]]), variant([[1, 12]])]);
    expect(l.kind).toBe('additive');
    expect([...(l as { extras: Map<number, number> }).extras.values()]).toEqual([0, 0]);
  });

  it('size surcharges on a 2×2 grid, sparse (3 of 4 combinations) → additive extras', () => {
    // S/M/L with colour; L costs +2, red +0.5
    const vs = [
      variant(
        [
          [1, 11],
          [2, 21],
        ],
        { price: 10 },
      ), // S blue
      variant(
        [
          [1, 13],
          [2, 21],
        ],
        { price: 12 },
      ), // L blue
      variant(
        [
          [1, 13],
          [2, 22],
        ],
        { price: 12.5 },
      ), // L red
    ];
    const l = layoutPrices(product(), vs);
    expect(l.kind).toBe('additive');
    const extras = (l as { extras: Map<number, number> }).extras;
    for (const v of vs) {
      expect(10 + v.option_values.reduce((s, o) => s + extras.get(o.id)!, 0)).toBeCloseTo(v.price!, 10);
    }
  });

  it("prices that no per-value surcharge can explain → a pricelist with each variant's fixed price", () => {
    const vs = [
      variant(
        [
          [1, 11],
          [2, 21],
        ],
        { price: 10 },
      ),
      variant(
        [
          [1, 11],
          [2, 22],
        ],
        { price: 11 },
      ),
      variant(
        [
          [1, 12],
          [2, 21],
        ],
        { price: 13 },
      ),
      variant(
        [
          [1, 12],
          [2, 22],
        ],
        { price: 17 },
      ), // not 14
    ];
    const l = layoutPrices(product(), vs);
    expect(l).toEqual({ kind: 'pricelist', base: 10, fixed: new Map(vs.map((v) => [v.id, v.price])) });
  });

  it('cent-exact: 0.1 + 0.2 style sums stay exact', () => {
    const vs = [
      variant([[1, 11]], { price: 10.1 }),
      variant([[1, 12]], { price: 10.2 }),
      variant([[1, 13]], { price: 10.3 }),
    ];
    const l = layoutPrices(product(), vs);
    expect(l.kind).toBe('additive');
    expect([...(l as { extras: Map<number, number> }).extras.values()]).toEqual([0.1, 0.2, 0.3]);
  });

  it('a sale price on a variant counts (what the customer pays)', () => {
    const vs = [variant([[1, 11]], { price: 20, sale_price: 15 }), variant([[1, 12]])];
    const l = layoutPrices(product(), vs);
    expect(l.kind).toBe('additive');
    expect((l as { extras: Map<number, number> }).extras.get(11)).toBe(5);
  });
});
