import { describe, expect, it } from 'vitest';
import type { BcInventoryItem, BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import {
  attributeLocations,
  catalogLevels,
  enabledLocations,
  locationLevels,
  planAdjustments,
  stockPlan,
  type QuantRow,
} from './mapper.js';

const variant = (id: number, level: number | null = 0): BcVariant =>
  ({ id, product_id: 1, sku: `S${id}`, option_values: [], inventory_level: level }) as BcVariant;
const product = (over: Partial<BcProduct>): BcProduct =>
  ({
    id: 1,
    name: 'P',
    type: 'physical',
    sku: 'P',
    price: 1,
    categories: [],
    inventory_tracking: 'variant',
    variants: [variant(11, 3)],
    ...over,
  }) as BcProduct;

describe('stockPlan', () => {
  it.each([
    ['none', product({ inventory_tracking: 'none' }), 'untracked'],
    ['digital', product({ type: 'digital', inventory_tracking: 'product' }), 'untracked'],
    ['product, one variant', product({ inventory_tracking: 'product' }), 'tracked'],
    [
      'product, several variants',
      product({ inventory_tracking: 'product', variants: [variant(11), variant(12)] }),
      'unsupported',
    ],
    ['variant', product({ variants: [variant(11), variant(12)] }), 'tracked'],
  ])('%s → %s', (_l, p, kind) => {
    expect(stockPlan(p).kind).toBe(kind);
  });
});

describe('catalogLevels', () => {
  it("product level: the product's stock on its single variant; variant level: each its own; never negative or null", () => {
    const p = product({ inventory_tracking: 'product', inventory_level: 9, variants: [variant(11, 0)] });
    expect([...catalogLevels(p, stockPlan(p) as never)]).toEqual([[11, 9]]);
    const q = product({ variants: [variant(11, 4), variant(12, null), variant(13, -2)] });
    expect([...catalogLevels(q, stockPlan(q) as never)]).toEqual([
      [11, 4],
      [12, 0],
      [13, 0],
    ]);
  });
});

const item = (variantId: number, locs: [number, number, boolean?][]): BcInventoryItem =>
  ({
    identity: { variant_id: variantId, product_id: 1, sku: 'x' },
    locations: locs.map(([id, onhand, enabled]) => ({
      location_id: id,
      total_inventory_onhand: onhand,
      available_to_sell: onhand,
      location_enabled: enabled ?? true,
    })),
  }) as BcInventoryItem;

describe('locationLevels', () => {
  const items = [
    item(11, [
      [1, 5],
      [2, 3],
      [3, 7, false],
    ]),
    item(12, [
      [1, 0],
      [2, 2],
      [3, 1, false],
    ]),
  ];
  it('lists the enabled locations only', () => {
    expect([...enabledLocations(items)].sort()).toEqual([1, 2]);
  });
  it('routes each enabled location, adds up locations sharing an Odoo location, ignores disabled ones', () => {
    const split = locationLevels(
      items,
      new Map([
        [1, 100],
        [2, 200],
      ]),
    );
    expect([...split.get(11)!]).toEqual([
      [100, 5],
      [200, 3],
    ]);
    const merged = locationLevels(
      items,
      new Map([
        [1, 100],
        [2, 100],
      ]),
    );
    expect([...merged.get(11)!]).toEqual([[100, 8]]);
    expect([...merged.get(12)!]).toEqual([[100, 2]]);
  });
  it('refuses an enabled location without a route', () => {
    expect(() => locationLevels(items, new Map([[1, 100]]))).toThrow(/location 2/);
  });
});

describe('attributeLocations', () => {
  it('places a sub-location under its nearest target', () => {
    const rows = [
      { id: 8, parent_path: '1/7/8/' },
      { id: 9, parent_path: '1/7/8/9/' },
      { id: 20, parent_path: '1/7/20/' },
      { id: 30, parent_path: '1/30/' },
    ];
    expect([...attributeLocations(rows, [8, 20])].sort()).toEqual([
      [20, 20],
      [8, 8],
      [9, 8],
    ]);
  });
});

describe('planAdjustments', () => {
  let nextQuant = 1;
  const quant = (productId: number, target: number, quantity: number, more: Partial<QuantRow> = {}): QuantRow => ({
    id: nextQuant++,
    productId,
    target,
    locationId: target,
    quantity,
    plain: true,
    ...more,
  });
  const want = (bcVariantId: number, productId: number, levels: [number, number][]) => ({
    bcVariantId,
    bcProductId: 1,
    productId,
    levels: new Map(levels),
  });

  it.each([
    ['equal: nothing to do', [want(11, 500, [[8, 4]])], [quant(500, 8, 4)], [], { changed: [], unchanged: [11] }],
    [
      'new stock: a count on a new quant',
      [want(11, 500, [[8, 4]])],
      [],
      [{ locationId: 8, inventoryQuantity: 4 }],
      { changed: [11], unchanged: [] },
    ],
    [
      'no stock wanted where Odoo has some: counted to zero',
      [want(11, 500, [])],
      [quant(500, 8, 3)],
      [{ locationId: 8, inventoryQuantity: 0 }],
      { changed: [11], unchanged: [] },
    ],
    ['zero wanted and nothing in Odoo: unchanged', [want(11, 500, [[8, 0]])], [], [], { changed: [], unchanged: [11] }],
    [
      'stock in a lot and a sub-location counts; the plain quant takes the difference',
      [want(11, 500, [[8, 10]])],
      [quant(500, 8, 2), quant(500, 8, 3, { plain: false }), quant(500, 8, 1, { locationId: 9 })],
      [{ locationId: 8, inventoryQuantity: 6 }],
      { changed: [11], unchanged: [] },
    ],
  ])('%s', (_l, wanted, quants, adjustments, ids) => {
    const plan = planAdjustments(wanted, quants, [8]);
    expect(plan.adjustments.map((a) => ({ locationId: a.locationId, inventoryQuantity: a.inventoryQuantity }))).toEqual(
      adjustments,
    );
    expect({ changed: plan.changed, unchanged: plan.unchanged }).toEqual(ids);
  });

  it('several plain quants at the target: all are named, and the count is the total wanted less what sits elsewhere', () => {
    // Two deliveries validated at once left a second, negative quant beside the first.
    const plan = planAdjustments(
      [want(11, 500, [[8, 20]])],
      [quant(500, 8, 10, { id: 1 }), quant(500, 8, -4, { id: 2 }), quant(500, 8, 1, { id: 3, locationId: 9 })],
      [8],
    );
    expect(plan.adjustments).toEqual([
      { bcVariantId: 11, bcProductId: 1, productId: 500, locationId: 8, inventoryQuantity: 19, plainQuantIds: [1, 2] },
    ]);
  });

  it('per location: only the locations that differ are counted, and a variant is changed once', () => {
    const q20 = 77;
    const plan = planAdjustments(
      [
        want(11, 500, [
          [8, 4],
          [20, 2],
        ]),
        want(12, 501, [[8, 1]]),
      ],
      [quant(500, 8, 4), quant(500, 20, 5, { id: q20 }), quant(501, 8, 1)],
      [8, 20],
    );
    expect(plan.adjustments).toEqual([
      { bcVariantId: 11, bcProductId: 1, productId: 500, locationId: 20, inventoryQuantity: 2, plainQuantIds: [q20] },
    ]);
    expect(plan).toMatchObject({ changed: [11], unchanged: [12] });
  });
});
