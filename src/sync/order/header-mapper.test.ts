import { describe, expect, it } from 'vitest';
import type { BcOrder } from '../../bigcommerce/schemas.js';
import { type HeaderInput, mapOrderHeader, orderDate } from './header-mapper.js';

const order = (over: Partial<Record<keyof BcOrder, unknown>> = {}): BcOrder =>
  ({
    id: 123,
    customer_id: 5,
    status_id: 11,
    status: 'Awaiting Fulfillment',
    date_created: 'Tue, 14 Jan 2025 10:30:00 +0100',
    payment_method: 'Credit Card',
    customer_message: 'Leave at the door',
    total_inc_tax: '148.8000',
    ...over,
  }) as unknown as BcOrder;

const input = (over: Partial<HeaderInput> = {}): HeaderInput => ({
  order: order(),
  partnerId: 7,
  invoiceAddressId: 8,
  deliveryAddressId: 9,
  pricelistId: 4,
  level: 'order_currency',
  flag: false,
  storeName: 'Sample Store',
  draft: true,
  ...over,
});

describe('mapOrderHeader', () => {
  it('a new order: every value of its sale.order', () => {
    expect(mapOrderHeader(input())).toEqual({
      partner_id: 7,
      partner_invoice_id: 8,
      partner_shipping_id: 9,
      pricelist_id: 4,
      client_order_ref: '123',
      origin: 'BigCommerce Sample Store',
      date_order: '2025-01-14 09:30:00',
      note: 'Leave at the door',
      x_bc_order_id: 123,
      x_bc_status_id: 11,
      x_bc_status: 'Awaiting Fulfillment',
      x_bc_payment_method: 'Credit Card',
      x_bc_total: 148.8,
      x_bc_pricelist_level: 'order_currency',
      x_bc_flag: false,
    });
  });

  it.each<[string, Partial<HeaderInput>, Record<string, unknown>]>([
    [
      "a customer's order: the customer's partner and its contacts",
      { order: order({ customer_id: 5 }), partnerId: 7 },
      { partner_id: 7, partner_invoice_id: 8, partner_shipping_id: 9 },
    ],
    [
      "a guest's order: the guest partner and its contacts",
      { order: order({ customer_id: 0 }), partnerId: 30, invoiceAddressId: 31, deliveryAddressId: 32 },
      { partner_id: 30, partner_invoice_id: 31, partner_shipping_id: 32 },
    ],
    [
      'no delivery contact: delivered to the invoice contact',
      { deliveryAddressId: undefined },
      { partner_invoice_id: 8, partner_shipping_id: 8 },
    ],
    [
      'no contacts at all: the partner for both',
      { invoiceAddressId: undefined, deliveryAddressId: undefined },
      { partner_id: 7, partner_invoice_id: 7, partner_shipping_id: 7 },
    ],
    [
      'no pricelist (an order in the company currency): false',
      { pricelistId: undefined, level: 'company_currency' },
      { pricelist_id: false, x_bc_pricelist_level: 'company_currency' },
    ],
    ['an empty customer message: no note', { order: order({ customer_message: '' }) }, { note: false }],
    ['no customer message: no note', { order: order({ customer_message: undefined }) }, { note: false }],
    ['a null status: false', { order: order({ status: null }) }, { x_bc_status: false, x_bc_status_id: 11 }],
    ['no payment method: false', { order: order({ payment_method: '' }) }, { x_bc_payment_method: false }],
    [
      'flagged (total_mismatch "quotation"): the flag says why',
      { flag: "Odoo's total would differ by 0.01" },
      { x_bc_flag: "Odoo's total would differ by 0.01" },
    ],
    ['the store name is the origin', { storeName: 'Other' }, { origin: 'BigCommerce Other' }],
  ])('%s', (_name, over, want) => {
    expect(mapOrderHeader(input(over))).toMatchObject(want);
  });

  it.each<[string, Partial<HeaderInput>]>([
    ['confirmed', {}],
    ['confirmed and flagged', { flag: 'kept apart' }],
    ['confirmed, in the company currency', { pricelistId: undefined, level: 'company_currency' }],
  ])('a %s order keeps its partner, pricelist and date: only the x_bc_ fields', (_name, over) => {
    const confirmed = mapOrderHeader(input({ ...over, draft: false }));
    const draft = mapOrderHeader(input({ ...over, draft: true }));
    expect(Object.keys(confirmed).every((k) => k.startsWith('x_bc_'))).toBe(true);
    expect(confirmed).toEqual(Object.fromEntries(Object.entries(draft).filter(([k]) => k.startsWith('x_bc_'))));
  });
});

describe('orderDate', () => {
  it.each([
    ['Tue, 14 Jan 2025 10:30:00 +0100', '2025-01-14 09:30:00'],
    ['Tue, 14 Jan 2025 23:30:00 -0500', '2025-01-15 04:30:00'],
    ['Tue, 14 Jan 2025 10:30:00 +0000', '2025-01-14 10:30:00'],
  ])('%s → %s (UTC)', (created, want) => {
    expect(orderDate(order({ date_created: created }))).toBe(want);
  });
});
