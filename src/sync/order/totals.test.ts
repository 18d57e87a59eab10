import { describe, expect, it } from 'vitest';
import type { BcOrder } from '../../bigcommerce/schemas.js';
import type { OrderLineSpec } from './mapper.js';
import { fitTotal, odooAmounts, odooLine } from './totals.js';

describe('odooLine: Odoo 18 round_per_line (account.tax._get_tax_details)', () => {
  it.each([
    // price, qty, rate, included → untaxed, tax, total (cents)
    [236.9667, 10, 5.5, false, 236970, 13033, 250003], // price_unit stored as 236.97: 10 units are 2369.70, not 2369.67
    [250, 10, 5.5, true, 236967, 13033, 250000], // 2500 × 5.5/105.5 = 130.3318 → 130.33
    [-21.53, 1, 21, true, -1779, -374, -2153], // half away from zero on negatives too
    [10.55, 1, 5.5, true, 1000, 55, 1055], // 0.55 exactly, despite 10.55 / 1.055 in binary
    [59, 3, 7.25, false, 17700, 1283, 18983], // 12.8325 → 12.83 (BigCommerce's per-unit 4.28 × 3 = 12.84)
    [12, 1, 0, false, 1200, 0, 1200],
  ])('%d × %d at %d%% (included %s)', (price, quantity, rate, included, untaxed, tax, total) => {
    expect(odooLine({ priceUnit: price, quantity, taxRate: rate, taxIncluded: included })).toEqual({
      untaxed,
      tax,
      total,
    });
  });
});

describe('odooLine: a price-included tax on a half cent, as Odoo 18+ and Odoo 17 split it', () => {
  it.each([
    // 6.15 at 20 % included: 18+ rounds the tax (1.025 → 1.03), 17's compute_all the untaxed amount (5.125 → 5.13)
    [6.15, 20, 'round_tax', 512, 103],
    [6.15, 20, 'round_untaxed', 513, 102],
    [-6.15, 20, 'round_tax', -512, -103],
    [-6.15, 20, 'round_untaxed', -513, -102],
    [250, 5.5, 'round_untaxed', 23697, 1303], // no half cent: both agree
    [250, 5.5, 'round_tax', 23697, 1303],
  ] as const)('%d at %d%%, %s', (price, rate, split, untaxed, tax) => {
    expect(odooLine({ priceUnit: price, quantity: 1, taxRate: rate, taxIncluded: true }, split)).toEqual({
      untaxed,
      tax,
      total: untaxed + tax,
    });
  });
});

describe('odooAmounts: per line or per tax, as the company rounds', () => {
  const line = (priceUnit: number, quantity: number, taxRate: number, taxIncluded: boolean): OrderLineSpec => ({
    key: `${priceUnit}x${quantity}`,
    kind: 'product',
    name: 'p',
    priceUnit,
    quantity,
    taxRate,
    taxIncluded,
  });
  // The worked examples of account.tax._round_base_lines_tax_details and
  // _round_tax_details_tax_amounts (Odoo 19), in cents: untaxed, tax, total.
  it.each([
    [
      'two 21.53 at 21 % included, per line',
      [line(21.53, 1, 21, true), line(21.53, 1, 21, true)],
      'round_per_line',
      [3558, 748, 4306],
    ],
    [
      'the same per tax: the tax is rounded once, the total stays',
      [line(21.53, 1, 21, true), line(21.53, 1, 21, true)],
      'round_globally',
      [3559, 747, 4306],
    ],
    [
      'two 12.12 × 12.12 at 23 % excluded, per line',
      [line(12.12, 12.12, 23, false), line(12.12, 12.12, 23, false)],
      'round_per_line',
      [29378, 6756, 36134],
    ],
    [
      'the same per tax: untaxed and tax each rounded once',
      [line(12.12, 12.12, 23, false), line(12.12, 12.12, 23, false)],
      'round_globally',
      [29379, 6757, 36136],
    ],
    [
      'per tax, an untaxed line beside an included one keeps the included rounding',
      [line(21.53, 1, 21, true), line(5, 1, 0, false)],
      'round_globally',
      [2279, 374, 2653],
    ],
    [
      'per tax, two rates are two sums',
      [line(10.05, 1, 7.25, false), line(10.05, 1, 7.25, false), line(3.33, 1, 10, false)],
      'round_globally',
      [2343, 179, 2522],
    ],
  ] as const)('%s', (_label, lines, rounding, [untaxed, tax, total]) => {
    expect(odooAmounts(lines, { rounding, includedSplit: 'round_tax' })).toEqual({ untaxed, tax, total });
  });
});

describe('fitTotal: what orders.total_mismatch makes of lines that do not come to the total', () => {
  const order = (total: string) =>
    ({ id: 7, total_inc_tax: total, total_ex_tax: total, total_tax: '0', default_currency_code: 'USD' }) as BcOrder;
  const lines: OrderLineSpec[] = [
    { key: '1', kind: 'product', name: 'P', quantity: 1, priceUnit: 10, taxRate: 0, taxIncluded: false },
  ];
  const note = "Odoo's total would differ from BigCommerce's 10.05 by 0.05 USD";

  it.each(['adjust', 'quotation', 'fail'] as const)('lines that match: kept as they are (%s)', (policy) => {
    expect(fitTotal(order('10.00'), lines, policy)).toEqual({ ok: true, lines, flag: false });
  });

  it.each<[string, 'adjust' | 'quotation' | 'fail', unknown]>([
    [
      'adjust: an untaxed line for the difference',
      'adjust',
      {
        ok: true,
        lines: [
          ...lines,
          {
            key: '7-adjustment',
            kind: 'adjustment',
            name: 'Adjustment to the BigCommerce total',
            quantity: 1,
            priceUnit: 0.05,
            taxRate: 0,
            taxIncluded: false,
          },
        ],
        flag: false,
        warning: `${note}; an adjustment line was added`,
      },
    ],
    [
      'quotation: the lines as they are, flagged',
      'quotation',
      { ok: true, lines, flag: note, warning: `${note}; kept as a quotation (orders.total_mismatch is "quotation")` },
    ],
    ['fail: refused', 'fail', { ok: false, error: `total_inc_tax: ${note} (orders.total_mismatch is "fail")` }],
  ])('%s', (_name, policy, want) => {
    expect(fitTotal(order('10.05'), lines, policy)).toEqual(want);
  });
});
