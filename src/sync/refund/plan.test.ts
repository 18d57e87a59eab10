import { describe, expect, it } from 'vitest';
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { PaymentRow } from '../../config/index.js';
import type { Invoice, RefundInvoices, RefundOrders } from './invoices.js';
import { planCreditNote } from './plan.js';

const invoice = (over: Partial<Invoice> = {}): Invoice => ({
  id: 40,
  state: 'posted',
  move_type: 'out_invoice',
  amount_total: 100,
  payment_state: 'paid',
  journal_id: [1, 'INV'],
  partner_id: [7, 'Jane'],
  invoice_line_ids: [400],
  ...over,
});
const orders = (invoiceIds = [40], method: string | false = 'credit card'): RefundOrders => ({
  orderOf: new Map([['111', 5]]),
  saleOrders: new Map([[5, { id: 5, invoice_ids: invoiceIds, currency_id: [2, 'EUR'], x_bc_payment_method: method }]]),
});
const invoices = (inv: Invoice = invoice()): RefundInvoices => ({
  byId: new Map([[inv.id, inv]]),
  credited: new Map(),
  lines: new Map([[40, [{ productId: 1, name: 'Shirt', quantity: 1, priceUnit: 100, taxIds: [], taxRate: 0 }]]]),
  roundingProductId: 99,
  journals: [
    { id: 10, name: 'Bank', code: 'BNK1', type: 'bank' },
    { id: 11, name: 'Card', code: 'CARD', type: 'bank' },
  ],
});
const payments: PaymentRow[] = [
  { method: 'credit card', isDefault: false, journal: 'CARD' },
  { method: 'gift', isDefault: false, journal: 'NOPE' },
  { isDefault: true },
];
const refund = (over: Partial<BcRefund> = {}): BcRefund =>
  ({
    id: 1,
    order_id: 111,
    created: '2025-01-01T00:00:00Z',
    total_amount: 30,
    items: [],
    payments: [],
    ...over,
  }) as BcRefund;

describe('planCreditNote', () => {
  it('a refund of an invoiced order: its invoice, the journal of its payment row, lines that total the refund', () => {
    const plan = planCreditNote(refund(), orders(), invoices(), payments, new Map());
    expect(plan).toMatchObject({ ok: true, saleOrderId: 5, currencyId: 2, invoiceId: 40, journalId: 11, paid: true });
    expect(plan.ok && plan.lines.map((l) => [l.productId, l.priceUnit])).toEqual([[1, 30]]);
  });

  it.each<[string, Parameters<typeof planCreditNote>, Record<string, unknown>]>([
    [
      'order not imported',
      [refund({ order_id: 222 }), orders(), invoices(), payments, new Map()],
      { ok: false, error: expect.stringMatching(/^order 222 is not imported yet/) },
    ],
    [
      'no posted invoice (a draft one)',
      [refund(), orders(), invoices(invoice({ state: 'draft' })), payments, new Map()],
      { ok: false, saleOrderId: 5, currencyId: 2, error: expect.stringMatching(/has no posted invoice yet/) },
    ],
    [
      'more than the invoice, with what is already credited',
      [refund(), orders(), invoices(), payments, new Map([[40, 80]])],
      {
        ok: false,
        saleOrderId: 5,
        error: 'refund of 30.00 would take the credit notes of invoice 40 to 110.00, more than its 100.00',
      },
    ],
    [
      "a payment row naming a journal Odoo doesn't have",
      [refund(), orders([40], 'Gift'), invoices(), payments, new Map()],
      {
        ok: false,
        saleOrderId: 5,
        error: expect.stringMatching(/^journal "NOPE" from the payment rows does not exist/),
      },
    ],
    [
      'an item with no invoice line',
      [
        refund({
          items: [{ item_type: 'PRODUCT', item_id: 9, quantity: 1, requested_amount: 30 }] as BcRefund['items'],
        }),
        orders(),
        invoices(),
        payments,
        new Map(),
      ],
      { ok: false, saleOrderId: 5, error: 'refund item PRODUCT 9 has no matching line on the invoice' },
    ],
    [
      'an unpaid invoice: nothing to pay back; no payment method: the default row',
      [refund(), orders([40], false), invoices(invoice({ payment_state: 'not_paid' })), payments, new Map()],
      { ok: true, paid: false, journalId: 10 },
    ],
  ])('%s', (_name, args, want) => {
    expect(planCreditNote(...args)).toMatchObject(want);
  });
});
