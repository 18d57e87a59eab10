import { describe, expect, it } from 'vitest';
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import { orderLines } from './mapper.js';
import { adjustmentLine, bcAmounts, odooAmounts } from './totals.js';

function details(
  over: Record<string, unknown>,
  products: Record<string, unknown>[],
  extra: Partial<BcOrderDetails> = {},
): BcOrderDetails {
  return {
    order: {
      id: 1,
      status_id: 11,
      customer_id: 1,
      date_created: 'x',
      date_modified: 'x',
      default_currency_code: 'USD',
      subtotal_ex_tax: '0',
      subtotal_inc_tax: '0',
      shipping_cost_ex_tax: '0.0000',
      shipping_cost_inc_tax: '0',
      total_ex_tax: '0',
      total_inc_tax: '0',
      billing_address: {},
      ...over,
    },
    products: products.map((p, i) => ({
      id: 10 + i,
      order_id: 1,
      product_id: 100 + i,
      variant_id: 200 + i,
      name: `P${i}`,
      sku: `S${i}`,
      type: 'physical',
      ...p,
    })),
    shippingAddresses: [],
    coupons: [],
    couponCodes: [],
    fees: [],
    ...extra,
  } as unknown as BcOrderDetails;
}

/** An order product as BigCommerce writes it: unit and line figures before any order discount; `totalTax` after it. */
function product(
  quantity: number,
  priceEx: string,
  priceInc: string,
  totalEx: string,
  totalInc: string,
  totalTax: string,
  discount?: string,
) {
  return {
    quantity,
    price_ex_tax: priceEx,
    price_inc_tax: priceInc,
    price_tax: (Number(priceInc) - Number(priceEx)).toFixed(4),
    total_ex_tax: totalEx,
    total_inc_tax: totalInc,
    total_tax: totalTax,
    applied_discounts: discount
      ? [{ id: 'coupon-1', amount: discount, name: 'Coupon', code: 'C', target: 'order' }]
      : [],
  };
}

interface Case {
  name: string;
  d: BcOrderDetails;
  /** Odoo's amount_untaxed, amount_tax, amount_total: BigCommerce's total_ex_tax, total_tax, total_inc_tax */
  want: [untaxed: number, tax: number, total: number];
  /** kind, price unit, quantity, rate of every line */
  lines: [string, number, number, number][];
}

const cases: Case[] = [
  {
    // Odoo: 229 × 7.25 % = 16.6025 → 16.60; 12 → 0.87; 3 → 0.2175 → 0.22; −20 → −1.45: tax 16.24
    name: 'tax-exclusive: product, shipping, handling, coupon (sample order 123)',
    d: details(
      {
        id: 123,
        subtotal_ex_tax: '229.0000',
        shipping_cost_ex_tax: '12.0000',
        shipping_cost_inc_tax: '12.8700',
        shipping_cost_tax: '0.8700',
        handling_cost_ex_tax: '3.0000',
        handling_cost_inc_tax: '3.2200',
        handling_cost_tax: '0.2200',
        total_ex_tax: '224.0000',
        total_inc_tax: '240.2400',
        total_tax: '16.2400',
        coupon_discount: '20.0000',
        discount_amount: '0.0000',
      },
      [
        {
          ...product(1, '229.0000', '245.6000', '229.0000', '245.6000', '16.6000', '20.0000'),
          product_options: [{ display_name: 'Size', display_value: 'Large' }],
        },
      ],
      { couponCodes: ['SPRING20'] },
    ),
    want: [224, 16.24, 240.24],
    lines: [
      ['product', 229, 1, 7.25],
      ['shipping', 12, 1, 7.25],
      ['handling', 3, 1, 7.25],
      ['discount', -20, 1, 7.25],
    ],
  },
  {
    // BigCommerce: line total_tax after the 100.00 discount = 2400 × 5.5/105.5 = 125.12 (a quotient of 5.28 % on 2369.67);
    // Odoo, included 5.5 %: 2500 → 130.33, shipping 10.55 → 0.55, discount −100 → −5.21: tax 125.67, untaxed 2284.88
    name: 'tax-inclusive: order discount, 4-decimal ex price, taxed shipping',
    d: details(
      {
        id: 2,
        is_tax_inclusive_pricing: true,
        shipping_cost_ex_tax: '10.0000',
        shipping_cost_inc_tax: '10.5500',
        shipping_cost_tax: '0.5500',
        total_ex_tax: '2284.8800',
        total_inc_tax: '2410.5500',
        total_tax: '125.6700',
        discount_amount: '100.0000',
        coupon_discount: '0.0000',
      },
      [product(10, '236.9668', '250.0000', '2369.6700', '2500.0000', '125.1200', '100.0000')],
    ),
    want: [2284.88, 125.67, 2410.55],
    lines: [
      ['product', 250, 10, 5.5],
      ['shipping', 10.55, 1, 5.5],
      ['discount', -100, 1, 5.5],
    ],
  },
  {
    // Line taxes after the coupon: (72 − 6) × 20/120 = 11.00; (21.10 − 3.31) × 5.5/105.5 = 0.93; shipping 1.00 → 12.93.
    // Odoo: 12.00 + 1.10 + 1.00 − 1.00 (−6 at 20 %) − 0.17 (−3.31 at 5.5 %) = 12.93; untaxed 60 + 20 + 5 + 2 − 5 − 3.14 = 78.86
    name: 'tax-inclusive: two rates, coupon split by applied_discounts, taxed shipping, untaxed handling',
    d: details(
      {
        id: 3,
        is_tax_inclusive_pricing: true,
        shipping_cost_ex_tax: '5.0000',
        shipping_cost_inc_tax: '6.0000',
        shipping_cost_tax: '1.0000',
        handling_cost_ex_tax: '2.0000',
        handling_cost_inc_tax: '2.0000',
        handling_cost_tax: '0.0000',
        total_ex_tax: '78.8600',
        total_inc_tax: '91.7900',
        total_tax: '12.9300',
        coupon_discount: '9.3100',
      },
      [
        product(3, '20.0000', '24.0000', '60.0000', '72.0000', '11.0000', '6.0000'),
        product(2, '10.0000', '10.5500', '20.0000', '21.1000', '0.9300', '3.3100'),
      ],
      { couponCodes: ['BOOKS'] },
    ),
    want: [78.86, 12.93, 91.79],
    lines: [
      ['product', 24, 3, 20],
      ['product', 10.55, 2, 5.5],
      ['shipping', 6, 1, 20],
      ['handling', 2, 1, 0],
      ['discount', -6, 1, 20],
      ['discount', -3.31, 1, 5.5],
    ],
  },
  {
    // BigCommerce: 17.96 × 20/120 = 2.99 after the coupon; Odoo on one line: 19.96 → 3.33, −2.00 → −0.33 = 3.00.
    // Two rows of one unit round 1.66 each (9.98/6 = 1.6633): 3.32 − 0.33 = 2.99; shipping 4.99 → 0.83: tax 3.82
    name: 'tax-inclusive: a cent of per-line rounding closed by splitting the quantity',
    d: details(
      {
        id: 4,
        is_tax_inclusive_pricing: true,
        shipping_cost_ex_tax: '4.1600',
        shipping_cost_inc_tax: '4.9900',
        shipping_cost_tax: '0.8300',
        total_ex_tax: '19.1300',
        total_inc_tax: '22.9500',
        total_tax: '3.8200',
        coupon_discount: '2.0000',
      },
      [product(2, '8.3167', '9.9800', '16.6300', '19.9600', '2.9900', '2.0000')],
    ),
    want: [19.13, 3.82, 22.95],
    lines: [
      ['product', 9.98, 1, 20],
      ['product', 9.98, 1, 20],
      ['shipping', 4.99, 1, 20],
      ['discount', -2, 1, 20],
    ],
  },
  {
    // BigCommerce (per-unit tax): 8.00 + 2 × 0.83 = 9.66 on the lines, minus the coupon's tax by rate: 5.71 × 20 % = 1.14,
    // 4.29 × 5.5 % = 0.24; shipping untaxed: 8.28. Odoo on whole lines: 8.00 + 1.65 − 1.14 − 0.24 = 8.27; 1 + 1 units: 8.28
    name: 'tax-exclusive: two rates, untaxed shipping, coupon',
    d: details(
      {
        id: 5,
        shipping_cost_ex_tax: '5.0000',
        shipping_cost_inc_tax: '5.0000',
        shipping_cost_tax: '0.0000',
        total_ex_tax: '65.0000',
        total_inc_tax: '73.2800',
        total_tax: '8.2800',
        coupon_discount: '10.0000',
      },
      [
        product(1, '40.0000', '48.0000', '40.0000', '48.0000', '8.0000', '5.7100'),
        product(2, '15.0000', '15.8300', '30.0000', '31.6600', '1.6600', '4.2900'),
      ],
    ),
    want: [65, 8.28, 73.28],
    lines: [
      ['product', 40, 1, 20],
      ['product', 15, 1, 5.5],
      ['product', 15, 1, 5.5],
      ['shipping', 5, 1, 0],
      ['discount', -5.71, 1, 20],
      ['discount', -4.29, 1, 5.5],
    ],
  },
  {
    // BigCommerce taxes each unit: 46 × 7.25 % = 3.335 → 3.34, × 4 = 13.36; Odoo on the line: 184 × 7.25 % = 13.34.
    // 3 + 1 units round 10.01 + 3.34 = 13.35, then 1 + 1 + 1 of the three 3 × 3.34: 13.36; 64 × 2 → 9.28 either way
    name: 'tax-exclusive: per-unit tax rounding, two cents closed by splitting four units into ones (sample order 124)',
    d: details({ id: 124, total_ex_tax: '312.0000', total_inc_tax: '334.6400', total_tax: '22.6400' }, [
      product(4, '46.0000', '49.3400', '184.0000', '197.3600', '13.3600'),
      product(2, '64.0000', '68.6400', '128.0000', '137.2800', '9.2800'),
    ]),
    want: [312, 22.64, 334.64],
    lines: [
      ['product', 46, 1, 7.25],
      ['product', 46, 1, 7.25],
      ['product', 46, 1, 7.25],
      ['product', 46, 1, 7.25],
      ['product', 64, 2, 7.25],
    ],
  },
];

describe("orderLines: Odoo's three amounts equal BigCommerce's, with no adjustment line", () => {
  it.each(cases)('$name', ({ d, want, lines: expected }) => {
    const lines = orderLines(d);
    expect(lines.map((l) => [l.kind, l.priceUnit, l.quantity, l.taxRate])).toEqual(expected);
    expect(lines.every((l) => l.taxIncluded === (d.order.is_tax_inclusive_pricing === true))).toBe(true);
    const odoo = odooAmounts(lines);
    expect([odoo.untaxed / 100, odoo.tax / 100, odoo.total / 100]).toEqual(want);
    expect(odoo).toEqual(bcAmounts(d.order));
    expect(adjustmentLine(d.order, lines)).toBeUndefined();
    expect(new Set(lines.map((l) => l.key)).size).toBe(lines.length);
  });
});

describe('orderLines', () => {
  it('names lines: options, coupon codes (however they were found), shipping methods', () => {
    const d = cases[0]!.d;
    expect(orderLines(d).map((l) => l.name)).toEqual([
      'P0 (Size: Large)',
      'Shipping',
      'Handling',
      'Discount (coupon SPRING20)',
    ]);
    expect(orderLines({ ...d, couponCodes: [] }).at(-1)!.name).toBe('Discount');
    expect(orderLines({ ...d, couponCodes: ['A', 'B'] }).at(-1)!.name).toBe('Discount (coupon A, B)');
  });

  it('a split line keeps its key on the first part and gets `-part2` on the second', () => {
    expect(orderLines(cases[3]!.d).map((l) => l.key)).toEqual(['10', '10-part2', '4-shipping', '4-discount-0']);
  });

  it('without applied_discounts, splits a discount over the tax rates in proportion', () => {
    const d = details({ total_ex_tax: '90', total_tax: '5', total_inc_tax: '95', coupon_discount: '10' }, [
      { ...product(1, '50', '60', '50', '60', '10'), applied_discounts: [] },
      { ...product(1, '50', '50', '50', '50', '0'), applied_discounts: [] },
    ]);
    const disc = orderLines(d).filter((l) => l.kind === 'discount');
    expect(disc.map((l) => [l.priceUnit, l.taxRate, l.name])).toEqual([
      [-5, 20, 'Discount (20% tax)'],
      [-5, 0, 'Discount (0% tax)'],
    ]);
  });

  it('an inconsistent order keeps its lines; an adjustment line closes the total exactly (the last resort)', () => {
    const d = details({ total_ex_tax: '10', total_tax: '1', total_inc_tax: '11.03' }, [
      product(3, '3.3333', '3.6666', '10', '11', '1'),
    ]);
    const lines = orderLines(d);
    const adj = adjustmentLine(d.order, lines)!;
    expect(adj.taxRate).toBe(0);
    expect(odooAmounts([...lines, adj]).total).toBe(1103);
  });

  it('skips bundled children and zero extras; names shipping methods', () => {
    const d = details(
      {
        shipping_cost_ex_tax: '5',
        shipping_cost_inc_tax: '5',
        shipping_cost_tax: '0',
        total_ex_tax: '15',
        total_inc_tax: '15',
      },
      [
        product(1, '10', '10', '10', '10', '0'),
        { ...product(1, '0', '0', '0', '0', '0'), parent_order_product_id: 10 },
      ],
      { shippingAddresses: [{ shipping_method: 'UPS Ground' }] } as Partial<BcOrderDetails>,
    );
    expect(orderLines(d).map((l) => [l.kind, l.name])).toEqual([
      ['product', 'P0'],
      ['shipping', 'Shipping: UPS Ground'],
    ]);
  });

  it.each([
    ['a named method', ['UPS Ground'], 'Shipping: UPS Ground'],
    ['"None", as real stores send for orders without one', ['None'], 'Shipping'],
    ['an empty method', [''], 'Shipping'],
    ['no method at all (null)', [undefined], 'Shipping'],
    ['two consignments, one without a method', ['DHL Express', ' none '], 'Shipping: DHL Express'],
  ])('shipping line name with %s', (_label, methods, name) => {
    const d = details(
      {
        shipping_cost_ex_tax: '5',
        shipping_cost_inc_tax: '5',
        shipping_cost_tax: '0',
        total_ex_tax: '15',
        total_inc_tax: '15',
      },
      [product(1, '10', '10', '10', '10', '0')],
      { shippingAddresses: methods.map((m) => ({ shipping_method: m })) } as Partial<BcOrderDetails>,
    );
    expect(orderLines(d).find((l) => l.kind === 'shipping')!.name).toBe(name);
  });

  it('fees are read as v2 sends them: cost_ex_tax / cost_inc_tax / cost_tax, named for the customer', () => {
    const fee = {
      id: 1,
      type: 'custom_fee',
      display_name_customer: 'Eco fee',
      display_name_merchant: 'ECO',
      cost_ex_tax: '2.0000',
      cost_inc_tax: '2.2000',
      cost_tax: '0.2000',
    };
    const d = details(
      { total_ex_tax: '12', total_tax: '1.2', total_inc_tax: '13.2' },
      [product(1, '10', '11', '10', '11', '1')],
      { fees: [fee] } as Partial<BcOrderDetails>,
    );
    const line = orderLines(d).find((l) => l.kind === 'fee')!;
    expect([line.name, line.priceUnit, line.taxRate]).toEqual(['Eco fee', 2, 10]);
    expect(odooAmounts(orderLines(d))).toEqual(bcAmounts(d.order));
  });
});

describe('orderLines: the rate, name and class the order taxes resource gives', () => {
  const tax = (over: Record<string, unknown>) => ({
    name: 'Sales Tax',
    class: 'Default Tax Class',
    rate: '8.2500',
    order_address_id: 1,
    line_item_type: 'item',
    ...over,
  });
  // 2.39 of tax on 29.00 fits 8.24 as well as 8.25: the resource says which.
  const d = details(
    {
      total_ex_tax: '44.0000',
      total_inc_tax: '47.6300',
      total_tax: '3.6300',
      shipping_cost_ex_tax: '5.0000',
      shipping_cost_inc_tax: '5.4100',
      shipping_cost_tax: '0.4100',
    },
    [
      product(1, '29.0000', '31.3900', '29.0000', '31.3900', '2.3900'),
      product(1, '10.0000', '10.8300', '10.0000', '10.8300', '0.8300'),
    ],
    {
      taxes: [
        tax({ order_product_id: '10', rate: '8.2400', name: 'State Tax' }),
        tax({ order_product_id: '11', class: 'Books', rate: '8.2500' }),
        tax({ line_item_type: 'shipping', class: 'Shipping', rate: '8.2000' }),
      ],
    } as unknown as Partial<BcOrderDetails>,
  );
  it.each([
    ['10', 8.24, { name: 'State Tax', className: 'Default Tax Class' }],
    ['11', 8.25, { name: 'Sales Tax', className: 'Books' }],
    ['1-shipping', 8.2, { name: 'Sales Tax', className: 'Shipping' }],
  ])('line %s: %d %j', (key, rate, bcTax) => {
    const line = orderLines(d).find((l) => l.key === key)!;
    expect({ rate: line.taxRate, bcTax: line.bcTax }).toEqual({ rate, bcTax });
  });
});
