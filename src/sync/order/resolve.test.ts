import { describe, expect, it } from 'vitest';
import { resolveOrder, type ResolveData } from './resolve.js';

const data: ResolveData = {
  rows: [
    { method: 'credit card', isDefault: false, journal: 'BNK1' },
    { method: 'paypal', isDefault: false, journal: 'PayPal', currency: 'EUR' },
    { method: 'manual', isDefault: false, journal: 'CSH1', pricelist: 'Wholesale' },
    { method: 'gift', isDefault: false, journal: 'NOPE' },
    { isDefault: true, journal: 'BNK1' },
  ],
  pricelists: [
    { id: 1, name: 'Default', currency: 'USD' },
    { id: 2, name: 'Euro', currency: 'EUR' },
    { id: 3, name: 'Wholesale', currency: 'USD' },
    { id: 4, name: 'BigCommerce Store (USD)', currency: 'USD', storePricelist: true },
  ],
  journals: [
    { id: 10, name: 'Bank', code: 'BNK1', type: 'bank' },
    { id: 11, name: 'PayPal', code: 'PAYP', type: 'bank' },
    { id: 12, name: 'Cash', code: 'CSH1', type: 'cash' },
  ],
  activeCurrencies: new Set(['USD', 'EUR']),
  companyCurrency: 'USD',
};

/** Odoo as installed: one active currency, no pricelist, the generic chart's journals. */
const bare: ResolveData = { ...data, pricelists: [], activeCurrencies: new Set(['USD']) };

describe('resolveOrder', () => {
  it.each([
    ['Credit Card', 'USD', { journalId: 10, pricelistId: 4, level: 'order_currency' }],
    ['CREDIT CARD', 'EUR', { journalId: 10, pricelistId: 2, level: 'order_currency' }],
    ['PayPal', 'USD', { journalId: 11, pricelistId: 2, level: 'payment_currency' }],
    ['Manual', 'EUR', { journalId: 12, pricelistId: 3, level: 'payment_pricelist' }],
    ['Unknown Gateway', 'USD', { journalId: 10, pricelistId: 4, level: 'order_currency' }],
    [undefined, 'USD', { journalId: 10, level: 'order_currency' }],
  ] as const)('%s in %s', (method, currency, want) => {
    expect(resolveOrder({ paymentMethod: method, orderCurrency: currency }, data)).toMatchObject({ ok: true, ...want });
  });

  it('falls back to the default pricelist only in its own currency', () => {
    const d = { ...data, pricelists: [{ id: 1, name: 'Default', currency: 'USD' }] };
    expect(resolveOrder({ paymentMethod: 'x', orderCurrency: 'USD' }, d)).toMatchObject({
      ok: true,
      pricelistId: 1,
      level: 'order_currency',
    });
    expect(resolveOrder({ paymentMethod: 'x', orderCurrency: 'EUR' }, d)).toMatchObject({
      ok: false,
      field: 'default_currency_code',
      error: expect.stringMatching(/no pricelist in EUR/),
    });
  });

  it.each([
    ['Credit Card', 'USD', { journalId: 10, pricelistId: undefined, level: 'company_currency', currency: 'USD' }],
    ['PayPal', 'USD', { ok: false, error: expect.stringMatching(/currency EUR .* not active/) }],
    ['Credit Card', 'EUR', { ok: false, error: expect.stringMatching(/currency EUR .* not active/) }],
  ] as const)('in a bare Odoo: %s in %s', (method, currency, want) => {
    expect(resolveOrder({ paymentMethod: method, orderCurrency: currency }, bare)).toMatchObject({ ok: true, ...want });
  });

  it('a payment row naming the company currency needs no pricelist either', () => {
    const d = {
      ...bare,
      rows: [{ method: 'cash', isDefault: false, journal: 'CSH1', currency: 'USD' }, { isDefault: true }],
    };
    expect(resolveOrder({ paymentMethod: 'Cash', orderCurrency: 'USD' }, d as ResolveData)).toMatchObject({
      ok: true,
      pricelistId: undefined,
      level: 'company_currency',
      journalId: 12,
    });
  });

  it.each([
    ['a missing journal', { paymentMethod: 'Gift', orderCurrency: 'USD' }, data, /journal "NOPE" .* does not exist/],
    ['an inactive currency', { paymentMethod: 'x', orderCurrency: 'GBP' }, data, /currency GBP .* not active/],
    [
      'a missing pricelist',
      { paymentMethod: 'Manual', orderCurrency: 'USD' },
      { ...data, pricelists: data.pricelists.filter((p) => p.name !== 'Wholesale') },
      /pricelist "Wholesale" .* does not exist/,
    ],
    [
      'no pricelist in the row currency',
      { paymentMethod: 'PayPal', orderCurrency: 'USD' },
      { ...data, pricelists: data.pricelists.filter((p) => p.currency !== 'EUR') },
      /no pricelist in EUR/,
    ],
  ] as const)('errors on %s', (_l, input, d, message) => {
    const r = resolveOrder(input, d as ResolveData);
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(message);
  });
});
