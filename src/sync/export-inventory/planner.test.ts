import { describe, expect, it } from 'vitest';
import { exportTargets, formatSent, level, parseSent, planInventory, type VariantStock } from './planner.js';

const v = (over: Partial<VariantStock> = {}): VariantStock => ({
  odooId: 10,
  bcVariantId: 100,
  bcProductId: 1,
  name: 'Shirt S',
  tracking: 'variant',
  storable: true,
  quantities: new Map([[1, 5]]),
  sent: {},
  ...over,
});

describe('planInventory', () => {
  it.each<[string, VariantStock, ReturnType<typeof planInventory>['items'], 'changed' | 'unchanged' | string]>([
    ['never sent: the level goes', v(), [{ variant_id: 100, location_id: 1, quantity: 5 }], 'changed'],
    ['same as last sent: nothing', v({ sent: { '1': 5 } }), [], 'unchanged'],
    [
      'changed since: the new level',
      v({ sent: { '1': 7 } }),
      [{ variant_id: 100, location_id: 1, quantity: 5 }],
      'changed',
    ],
    [
      'tracked by product: by product id',
      v({ tracking: 'product' }),
      [{ product_id: 1, location_id: 1, quantity: 5 }],
      'changed',
    ],
    ['fractions are rounded down', v({ quantities: new Map([[1, 2.9]]), sent: { '1': 2 } }), [], 'unchanged'],
    [
      'a negative free quantity is 0',
      v({ quantities: new Map([[1, -3]]), sent: { '1': 4 } }),
      [{ variant_id: 100, location_id: 1, quantity: 0 }],
      'changed',
    ],
    [
      'only the locations that differ',
      v({
        quantities: new Map([
          [2, 3],
          [1, 5],
        ]),
        sent: { '1': 5, '2': 1 },
      }),
      [{ variant_id: 100, location_id: 2, quantity: 3 }],
      'changed',
    ],
    ['untracked in BigCommerce: left alone', v({ tracking: 'none' }), [], 'untracked'],
    ['not storable in Odoo: left alone', v({ storable: false }), [], 'not_storable'],
    ['gone from BigCommerce', v({ tracking: 'missing' }), [], 'not_in_bigcommerce'],
    ['by product with several variants', v({ tracking: 'unsupported' }), [], 'unsupported'],
  ])('%s', (_label, input, items, outcome) => {
    const plan = planInventory([input]);
    expect(plan.items).toEqual(items);
    if (outcome === 'changed') expect(plan.changed).toEqual([10]);
    else if (outcome === 'unchanged') expect(plan.unchanged).toEqual([10]);
    else expect(plan.skipped.map((s) => s.reason)).toEqual([outcome]);
  });

  it('remembers every location once accepted, keeping those not sent this time', () => {
    const plan = planInventory([v({ quantities: new Map([[2, 3]]), sent: { '1': 5 } })]);
    expect(plan.sent.get(10)).toEqual({ '1': 5, '2': 3 });
    expect(planInventory([v({ quantities: new Map([[2, 3]]), sent: { '1': 5, '2': 3 } })]).items).toEqual([]);
  });

  it('a second plan after the first was accepted sends nothing', () => {
    const first = planInventory([v(), v({ odooId: 11, bcVariantId: 101, quantities: new Map([[1, 0]]) })]);
    const again = planInventory([
      v({ sent: first.sent.get(10)! }),
      v({ odooId: 11, bcVariantId: 101, quantities: new Map([[1, 0]]), sent: first.sent.get(11)! }),
    ]);
    expect(first.items).toHaveLength(2);
    expect(again.items).toEqual([]);
    expect(again.unchanged).toEqual([10, 11]);
  });
});

describe('level, parseSent, formatSent', () => {
  it.each([
    [4, 4],
    [4.5, 4],
    [2.9999999999, 3],
    [-1, 0],
    [Number.NaN, 0],
  ])('level(%s) = %s', (q, want) => expect(level(q)).toBe(want));

  it.each<[unknown, Record<string, number>]>([
    [false, {}],
    ['', {}],
    ['not json', {}],
    ['[1,2]', {}],
    ['{"1":5,"2":0}', { '1': 5, '2': 0 }],
    ['{"1":5,"x":2,"3":1.5}', { '1': 5 }],
  ])('parseSent(%j)', (raw, want) => expect(parseSent(raw)).toEqual(want));

  it('formatSent orders the locations', () => {
    expect(formatSent({ '10': 1, '2': 3 })).toBe('{"2":3,"10":1}');
    expect(parseSent(formatSent({ '10': 1, '2': 3 }))).toEqual({ '2': 3, '10': 1 });
  });
});

describe('exportTargets', () => {
  it('without a mapping: the default Odoo location feeds the default BigCommerce location', () => {
    expect(exportTargets(new Map(), { odoo: 8, bc: 1 })).toEqual({ ok: true, targets: new Map([[1, 8]]) });
  });
  it('a mapping: each BigCommerce location its Odoo location', () => {
    const mapped = new Map([
      [1, 8],
      [2, 9],
    ]);
    expect(exportTargets(mapped, undefined)).toEqual({ ok: true, targets: mapped });
  });
  it('one Odoo location for two BigCommerce locations cannot be split', () => {
    const r = exportTargets(
      new Map([
        [1, 8],
        [2, 8],
      ]),
      undefined,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/Odoo location 8 is mapped from BigCommerce locations 1, 2/);
  });
});
