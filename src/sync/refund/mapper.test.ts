import { describe, expect, it } from 'vitest';
import type { BcRefund } from '../../bigcommerce/schemas.js';
import {
  type CreditLine,
  creditLines,
  creditTotal,
  isRefundCandidate,
  type InvoiceLine,
  mapCreditNote,
} from './mapper.js';

const invoice: InvoiceLine[] = [
  { productId: 1, name: 'Shirt', quantity: 1, priceUnit: 45, taxIds: [9], taxRate: 20, bcKey: '18' },
  { productId: 2, name: 'Socks', quantity: 2, priceUnit: 32, taxIds: [9], taxRate: 20, bcKey: '19' },
  { productId: 3, name: 'Shipping', quantity: 1, priceUnit: 15, taxIds: [9], taxRate: 20, bcKey: '111-shipping' },
];
const total = creditTotal(invoice as never); // 148.80
const refund = (over: Partial<BcRefund>): BcRefund =>
  ({
    id: 1,
    order_id: 111,
    created: '2025-01-01T00:00:00Z',
    total_amount: 0,
    items: [],
    payments: [],
    ...over,
  }) as BcRefund;

describe('isRefundCandidate', () => {
  it.each([
    [{ status_id: 4 }, true],
    [{ status_id: 14 }, true],
    [{ status_id: 10, refunded_amount: '5.0000' }, true],
    [{ status_id: 10, status: 'Refund pending' }, true],
    [{ status_id: 10, refunded_amount: '0.0000', status: 'Completed' }, false],
  ])('%j → %s', (o, want) => expect(isRefundCandidate(o)).toBe(want));
});

describe('creditLines', () => {
  it('a full refund without items mirrors the invoice exactly', () => {
    expect(total).toBe(148.8);
    const plan = creditLines(refund({ total_amount: 148.8 }), invoice, total, 99);
    expect(plan.ok && plan.lines.map((l) => [l.productId, l.quantity, l.priceUnit])).toEqual([
      [1, 1, 45],
      [2, 2, 32],
      [3, 1, 15],
    ]);
  });

  it('a partial refund without items is the invoice scaled, to the cent', () => {
    const plan = creditLines(refund({ total_amount: 50 }), invoice, total, 99);
    expect(plan.ok).toBe(true);
    if (plan.ok) expect(creditTotal(plan.lines)).toBe(50);
  });

  it("item-level refund: the sample store's refund 1 (two products and shipping, tax included)", () => {
    const plan = creditLines(
      refund({
        total_amount: 148.8,
        total_tax: 24.8,
        items: [
          { item_type: 'PRODUCT', item_id: 18, quantity: 1, requested_amount: 54 },
          { item_type: 'PRODUCT', item_id: 19, quantity: 2, requested_amount: 76.8 },
          { item_type: 'SHIPPING', item_id: 12, requested_amount: 18 },
        ] as BcRefund['items'],
      }),
      invoice,
      total,
      99,
    );
    expect(plan.ok && plan.lines.map((l) => [l.productId, l.quantity, l.priceUnit, l.taxRate])).toEqual([
      [1, 1, 45, 20],
      [2, 2, 32, 20],
      [3, 1, 15, 20],
    ]);
    if (plan.ok) expect(creditTotal(plan.lines)).toBe(148.8);
  });

  it('odd amounts get a rounding line so the total is exact', () => {
    const plan = creditLines(
      refund({
        total_amount: 10,
        items: [{ item_type: 'PRODUCT', item_id: 19, quantity: 3, requested_amount: 10 }] as BcRefund['items'],
      }),
      invoice,
      total,
      99,
    );
    expect(plan.ok).toBe(true);
    if (plan.ok) {
      expect(creditTotal(plan.lines)).toBe(10);
      expect(plan.lines.some((l) => l.productId === 99)).toBe(true);
    }
  });

  it('an ORDER item (custom amount) is an untaxed line', () => {
    const plan = creditLines(
      refund({
        total_amount: 5,
        items: [{ item_type: 'ORDER', item_id: 111, requested_amount: 5, reason: 'goodwill' }] as BcRefund['items'],
      }),
      invoice,
      total,
      99,
    );
    expect(plan.ok && plan.lines).toEqual([
      { productId: 99, name: 'Refund: goodwill', quantity: 1, priceUnit: 5, taxIds: [], taxRate: 0 },
    ]);
  });

  it('an item with no invoice line is an error', () => {
    const plan = creditLines(
      refund({
        total_amount: 5,
        items: [{ item_type: 'PRODUCT', item_id: 777, quantity: 1, requested_amount: 5 }] as BcRefund['items'],
      }),
      invoice,
      total,
      99,
    );
    expect(plan).toEqual({ ok: false, error: 'refund item PRODUCT 777 has no matching line on the invoice' });
  });

  it('price-included taxes (tax-inclusive stores): the requested amount is the price, and the credit note totals it', () => {
    const included: InvoiceLine[] = [
      {
        productId: 1,
        name: 'Book',
        quantity: 3,
        priceUnit: 10.55,
        taxIds: [7],
        taxRate: 5.5,
        taxIncluded: true,
        bcKey: '21',
      },
      {
        productId: 3,
        name: 'Shipping',
        quantity: 1,
        priceUnit: 6,
        taxIds: [9],
        taxRate: 20,
        taxIncluded: true,
        bcKey: '111-shipping',
      },
    ];
    expect(creditTotal(included)).toBe(37.65); // 31.65 + 6.00: what the shopper paid, whatever the tax rounding
    const plan = creditLines(
      refund({
        total_amount: 27.1,
        items: [
          { item_type: 'PRODUCT', item_id: 21, quantity: 2, requested_amount: 21.1 },
          { item_type: 'SHIPPING', item_id: 3, requested_amount: 6 },
        ] as BcRefund['items'],
      }),
      included,
      37.65,
      99,
    );
    expect(plan.ok && plan.lines.map((l) => [l.productId, l.quantity, l.priceUnit, l.taxIncluded])).toEqual([
      [1, 2, 10.55, true],
      [3, 1, 6, true],
    ]);
  });
});

describe('mapCreditNote', () => {
  const invoiceOf = { id: 40, partnerId: 7, journalId: 3 };
  const lines: CreditLine[] = [
    { productId: 1, name: 'Shirt', quantity: 1, priceUnit: 45, taxIds: [9], taxRate: 20 },
    { productId: 99, name: 'Rounding to the BigCommerce refund', quantity: 1, priceUnit: 0.01, taxIds: [], taxRate: 0 },
  ];

  it('a customer credit note reversing the invoice, in the order currency, with one line per credit line', () => {
    expect(
      mapCreditNote(refund({ id: 5, reason: 'damaged', created: '2025-03-04T22:10:00+00:00' }), invoiceOf, 2, lines),
    ).toEqual({
      move_type: 'out_refund',
      partner_id: 7,
      currency_id: 2,
      journal_id: 3,
      invoice_date: '2025-03-04',
      reversed_entry_id: 40,
      invoice_origin: 'BigCommerce order 111',
      ref: 'BigCommerce refund 5: damaged',
      invoice_line_ids: [
        [0, 0, { product_id: 1, name: 'Shirt', quantity: 1, price_unit: 45, tax_ids: [[6, 0, [9]]] }],
        [
          0,
          0,
          {
            product_id: 99,
            name: 'Rounding to the BigCommerce refund',
            quantity: 1,
            price_unit: 0.01,
            tax_ids: [[6, 0, []]],
          },
        ],
      ],
    });
  });

  it.each<[string, Partial<BcRefund>, Record<string, unknown>]>([
    ['no reason: the refund alone', { id: 6, reason: undefined }, { ref: 'BigCommerce refund 6' }],
    ['an empty reason: the refund alone', { id: 6, reason: '' }, { ref: 'BigCommerce refund 6' }],
    [
      'a long reason: cut at 200 characters',
      { id: 6, reason: 'x'.repeat(300) },
      { ref: `BigCommerce refund 6: ${'x'.repeat(178)}` },
    ],
    [
      "the refund's own day, as BigCommerce wrote it",
      { created: '2025-12-31T23:59:59-05:00' },
      { invoice_date: '2025-12-31' },
    ],
    ['the order it came from', { order_id: 4242 }, { invoice_origin: 'BigCommerce order 4242' }],
  ])('%s', (_name, over, want) => {
    expect(mapCreditNote(refund(over), invoiceOf, 2, lines)).toMatchObject(want);
  });

  it('a line mirrored from the invoice keeps its sale order lines (the credit note shows on the sale order)', () => {
    const mirrored: CreditLine[] = [{ ...lines[0]!, saleLineIds: [71, 72] }];
    expect(mapCreditNote(refund({}), invoiceOf, 2, mirrored).invoice_line_ids).toEqual([
      [
        0,
        0,
        {
          product_id: 1,
          name: 'Shirt',
          quantity: 1,
          price_unit: 45,
          tax_ids: [[6, 0, [9]]],
          sale_line_ids: [[6, 0, [71, 72]]],
        },
      ],
    ]);
  });

  it('no lines: none on the credit note', () => {
    expect(mapCreditNote(refund({}), invoiceOf, 2, []).invoice_line_ids).toEqual([]);
  });
});
