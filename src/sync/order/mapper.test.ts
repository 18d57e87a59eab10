import { describe, expect, it } from 'vitest';
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import { adjustmentLine, odooTotal, orderLines, pickRate } from './mapper.js';

function details(over: Record<string, unknown>, products: Record<string, unknown>[], extra: Partial<BcOrderDetails> = {}): BcOrderDetails {
  return {
    order: {
      id: 1, status_id: 11, customer_id: 1, date_created: 'x', date_modified: 'x', default_currency_code: 'USD',
      subtotal_ex_tax: '0', subtotal_inc_tax: '0', shipping_cost_ex_tax: '0.0000', shipping_cost_inc_tax: '0', total_ex_tax: '0', total_inc_tax: '0',
      billing_address: {}, ...over,
    },
    products: products.map((p, i) => ({ id: 10 + i, order_id: 1, product_id: 100 + i, variant_id: 200 + i, name: `P${i}`, sku: `S${i}`, type: 'physical', ...p })),
    shippingAddresses: [], coupons: [], couponCodes: [], fees: [], ...extra,
  } as unknown as BcOrderDetails;
}

describe('pickRate', () => {
  it.each([
    [229, 16.6, 7.25, 7.25],
    [3, 0.22, 7.25, 7.25], // 0.2175 rounds to 0.22: the order rate fits
    [100, 0, 7.25, 0],
    [100, 20, 7.25, 20], // a line with its own rate
    [33.33, 6.67, 0, 20.012], // derived, to the precision that reproduces the cents
  ])('ex %d tax %d (order rate %d) → %d', (ex, tax, orderRate, want) => {
    const r = pickRate(ex, tax, orderRate);
    expect(r).toBeCloseTo(want, 3);
    expect(Math.round(ex * r)).toBe(Math.round(tax * 100));
  });
});

describe('orderLines', () => {
  it('the sample store\'s order 123: product, shipping, handling, coupon — Odoo total equals BigCommerce total', () => {
    const d = details(
      { id: 123, subtotal_ex_tax: '229.0000', shipping_cost_ex_tax: '12.0000', shipping_cost_tax: '0.8700', handling_cost_ex_tax: '3.0000', handling_cost_tax: '0.2200',
        total_ex_tax: '224.0000', total_inc_tax: '240.2400', total_tax: '16.2400', coupon_discount: '20.0000', discount_amount: '0.0000' },
      [{ quantity: 1, price_ex_tax: '229.0000', total_ex_tax: '229.0000', total_tax: '16.6000', product_options: [{ display_name: 'Size', display_value: 'Large' }] }],
      { couponCodes: ['SPRING20'] },
    );
    const lines = orderLines(d);
    expect(lines.map((l) => [l.kind, l.name, l.priceUnit, l.taxRate])).toEqual([
      ['product', 'P0 (Size: Large)', 229, 7.25],
      ['shipping', 'Shipping', 12, 7.25],
      ['handling', 'Handling', 3, 7.25],
      ['discount', 'Discount (coupon SPRING20)', -20, 7.25],
    ]);
    expect(odooTotal(lines)).toBe(240.24);
    expect(adjustmentLine(d.order, lines)).toBeUndefined();
  });

  it('names the discount after couponCodes (however they were found), not the /coupons records', () => {
    const d = details({ total_ex_tax: '45', total_tax: '0', total_inc_tax: '45', coupon_discount: '5' },
      [{ quantity: 1, price_ex_tax: '50', total_ex_tax: '50', total_tax: '0' }], { couponCodes: ['A', 'B'] });
    expect(orderLines(d).filter((l) => l.kind === 'discount').map((l) => l.name)).toEqual(['Discount (coupon A, B)']);
    expect(orderLines({ ...d, couponCodes: [] }).filter((l) => l.kind === 'discount').map((l) => l.name)).toEqual(['Discount']);
  });

  it('splits a discount over two tax rates in proportion', () => {
    const d = details({ total_ex_tax: '90', total_tax: '12', total_inc_tax: '102', coupon_discount: '10' }, [
      { quantity: 1, price_ex_tax: '50', total_ex_tax: '50', total_tax: '10' },
      { quantity: 1, price_ex_tax: '50', total_ex_tax: '50', total_tax: '0' },
    ]);
    const disc = orderLines(d).filter((l) => l.kind === 'discount');
    expect(disc.map((l) => [l.priceUnit, l.taxRate])).toEqual([[-5, 20], [-5, 0]]);
  });

  it('an adjustment line closes any remaining difference exactly', () => {
    const d = details({ total_ex_tax: '10', total_tax: '1', total_inc_tax: '11.03' }, [{ quantity: 3, price_ex_tax: '3.3333', total_ex_tax: '10', total_tax: '1' }]);
    const lines = orderLines(d);
    const adj = adjustmentLine(d.order, lines)!;
    expect(adj.taxRate).toBe(0);
    expect(odooTotal([...lines, adj])).toBe(11.03);
  });

  it('skips bundled children and zero extras; names shipping methods', () => {
    const d = details({ shipping_cost_ex_tax: '5', shipping_cost_tax: '0', total_ex_tax: '15', total_inc_tax: '15' },
      [{ quantity: 1, price_ex_tax: '10', total_ex_tax: '10', total_tax: '0' }, { quantity: 1, price_ex_tax: '0', total_ex_tax: '0', total_tax: '0', parent_order_product_id: 10 }],
      { shippingAddresses: [{ shipping_method: 'UPS Ground' }] } as Partial<BcOrderDetails>);
    expect(orderLines(d).map((l) => [l.kind, l.name])).toEqual([['product', 'P0'], ['shipping', 'Shipping: UPS Ground']]);
  });
});
