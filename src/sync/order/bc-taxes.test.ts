import { describe, expect, it } from 'vitest';
import type { BcOrderTax } from '../../bigcommerce/schemas.js';
import { bcTaxOf, odooTaxGroupName, odooTaxName } from './bc-taxes.js';

const row = (over: Partial<BcOrderTax>): BcOrderTax => ({
  name: 'Sales Tax',
  class: 'Default Tax Class',
  rate: '8.2500',
  order_address_id: 1,
  line_item_type: 'item',
  ...over,
});

describe('bcTaxOf: the tax BigCommerce says applied to an amount', () => {
  it.each<[string, BcOrderTax[], Parameters<typeof bcTaxOf>[1], number | undefined, unknown]>([
    [
      'one product',
      [row({ order_product_id: '7' })],
      'item',
      7,
      { name: 'Sales Tax', className: 'Default Tax Class', rate: 8.25 },
    ],
    ['another product', [row({ order_product_id: '7' })], 'item', 8, undefined],
    [
      'a class',
      [row({ order_product_id: '7', name: 'VAT', class: 'Books', rate: '5.5000' })],
      'item',
      7,
      { name: 'VAT', className: 'Books', rate: 5.5 },
    ],
    [
      'state + county',
      [
        row({ order_product_id: '7', name: 'State Tax', rate: '6.2500' }),
        row({ order_product_id: '7', name: 'County Tax', rate: '2.0000' }),
      ],
      'item',
      7,
      { name: 'State Tax + County Tax', className: 'Default Tax Class', rate: 8.25 },
    ],
    [
      'shipping',
      [row({ line_item_type: 'shipping', class: 'Shipping' })],
      'shipping',
      undefined,
      { name: 'Sales Tax', className: 'Shipping', rate: 8.25 },
    ],
    [
      'shipping to two zones',
      [
        row({ line_item_type: 'shipping', order_address_id: 1 }),
        row({ line_item_type: 'shipping', order_address_id: 2, rate: '7.2500' }),
      ],
      'shipping',
      undefined,
      undefined,
    ],
    ['a zero rate', [row({ order_product_id: '7', rate: '0.0000' })], 'item', 7, undefined],
    ['no rows', [], 'handling', undefined, undefined],
  ])('%s', (_what, taxes, type, product, want) => {
    expect(bcTaxOf(taxes, type, product)).toEqual(want);
  });
});

describe('Odoo names', () => {
  it.each([
    [8.25, false, { name: 'Sales Tax', className: 'Default Tax Class' }, 'Sales Tax 8.25%', 'Sales Tax 8.25%'],
    [5.5, true, { name: 'VAT', className: 'Books' }, 'VAT 5.5% (Books) (incl.)', 'VAT 5.5%'],
    [7.25, false, undefined, 'BigCommerce 7.25%', 'Tax 7.25%'],
  ])('%d %s %j → %s / %s', (rate, included, bc, tax, group) => {
    expect(odooTaxName(rate, included, bc)).toBe(tax);
    expect(odooTaxGroupName(rate, bc)).toBe(group);
  });
});
