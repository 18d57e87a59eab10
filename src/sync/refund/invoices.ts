/**
 * What a page's credit notes are made from, read in a bounded number of calls for the whole
 * page: the refunds' sale orders, their invoices and what posted credit notes already took
 * back from each, the invoices' product lines (with the BigCommerce line each invoices and
 * its taxes), the rounding product and the bank and cash journals.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import type { JournalRow } from '../payment-rows.js';
import { serviceProducts } from '../service-products.js';
import { ownCreditNotes } from './claims.js';
import type { InvoiceLine } from './mapper.js';

export interface RefundOrder {
  id: number;
  invoice_ids: number[];
  currency_id: [number, string];
  x_bc_payment_method: string | false;
}

/** The refunds' sale orders: BigCommerce order id → sale.order id → its row. */
export interface RefundOrders {
  orderOf: Map<string, number>;
  saleOrders: Map<number, RefundOrder>;
}

export interface Invoice {
  id: number;
  state: string;
  move_type: string;
  amount_total: number;
  payment_state: string;
  journal_id: [number, string];
  partner_id: [number, string];
  invoice_line_ids: number[];
}

export interface RefundInvoices {
  byId: Map<number, Invoice>;
  /** invoice id → what posted credit notes (other than these refunds' own) took back */
  credited: Map<number, number>;
  /** invoice id → its product lines, as the credit-note mapper reads them */
  lines: Map<number, InvoiceLine[]>;
  roundingProductId: number;
  journals: JournalRow[];
}

/** Two calls: the orders' bindings, then the sale orders. */
export async function refundOrders(ctx: ImportContext, refunds: readonly BcRefund[]): Promise<RefundOrders> {
  const orderOf = await ctx.binder.resolve('order', [...new Set(refunds.map((r) => r.order_id))]);
  const soIds = [...new Set(orderOf.values())];
  const rows = soIds.length
    ? await ctx.odoo.read<RefundOrder>('sale.order', soIds, ['invoice_ids', 'currency_id', 'x_bc_payment_method'])
    : [];
  return { orderOf, saleOrders: new Map(rows.map((s) => [s.id, s])) };
}

export async function refundInvoices(
  ctx: ImportContext,
  orders: RefundOrders,
  refundIds: number[],
): Promise<RefundInvoices> {
  const invoiceIds = [...new Set([...orders.saleOrders.values()].flatMap((s) => s.invoice_ids))];
  const invoices = invoiceIds.length
    ? await ctx.odoo.read<Invoice>('account.move', invoiceIds, [
        'state',
        'move_type',
        'amount_total',
        'payment_state',
        'journal_id',
        'partner_id',
        'invoice_line_ids',
      ])
    : [];
  const credited = await creditedAmounts(ctx, invoiceIds, refundIds);
  const lines = await invoiceLines(ctx, invoices);
  const services = await serviceProducts(ctx, ctx.instance.orders.placeholderProduct);
  const journals = await ctx.odoo.searchRead<JournalRow>(
    'account.journal',
    [['type', 'in', ['bank', 'cash']]],
    ['name', 'code', 'type'],
    { order: 'sequence, id' },
  );
  return {
    byId: new Map(invoices.map((i) => [i.id, i])),
    credited,
    lines,
    roundingProductId: services.get('adjustment')!,
    journals,
  };
}

/**
 * What posted credit notes already took back from each invoice. A credit note an earlier,
 * interrupted run made for one of these refunds is that refund's own: it is resumed, never
 * counted as already credited against the invoice.
 */
async function creditedAmounts(
  ctx: ImportContext,
  invoiceIds: number[],
  refundIds: number[],
): Promise<Map<number, number>> {
  const credited = new Map<number, number>();
  const own = await ownCreditNotes(ctx, refundIds);
  if (!invoiceIds.length) return credited;
  for (const c of await ctx.odoo.searchRead<{ reversed_entry_id: [number, string]; amount_total: number }>(
    'account.move',
    [
      ['move_type', '=', 'out_refund'],
      ['state', '=', 'posted'],
      ['reversed_entry_id', 'in', invoiceIds],
      ['id', 'not in', [...own.values()]],
    ],
    ['reversed_entry_id', 'amount_total'],
  )) {
    credited.set(c.reversed_entry_id[0], (credited.get(c.reversed_entry_id[0]) ?? 0) + c.amount_total);
  }
  return credited;
}

interface InvoiceLineRow {
  id: number;
  move_id: [number, string];
  product_id: [number, string] | false;
  name: string;
  quantity: number;
  price_unit: number;
  tax_ids: number[];
  sale_line_ids: number[];
  display_type: string;
}

/** invoice id → its product lines, each with its taxes' rate and the BigCommerce key of its order line. Three calls. */
async function invoiceLines(ctx: ImportContext, invoices: readonly Invoice[]): Promise<Map<number, InvoiceLine[]>> {
  const lineIds = invoices.flatMap((i) => i.invoice_line_ids);
  const rows = lineIds.length
    ? await ctx.odoo.read<InvoiceLineRow>('account.move.line', lineIds, [
        'move_id',
        'product_id',
        'name',
        'quantity',
        'price_unit',
        'tax_ids',
        'sale_line_ids',
        'display_type',
      ])
    : [];
  const keyOf = await saleLineKeys(ctx, [...new Set(rows.flatMap((l) => l.sale_line_ids))]);
  const taxes = await lineTaxes(ctx, [...new Set(rows.flatMap((l) => l.tax_ids))]);
  const out = new Map<number, InvoiceLine[]>();
  for (const l of rows) {
    if (l.display_type !== 'product' || !l.product_id) continue;
    out.set(l.move_id[0], [
      ...(out.get(l.move_id[0]) ?? []),
      {
        productId: l.product_id[0],
        name: l.name,
        quantity: l.quantity,
        priceUnit: l.price_unit,
        taxIds: l.tax_ids,
        taxRate: l.tax_ids.reduce((s, t) => s + (taxes.rate.get(t) ?? 0), 0),
        taxIncluded: l.tax_ids.some((t) => taxes.included.has(t)),
        bcKey: l.sale_line_ids.map((s) => keyOf.get(s)).find(Boolean),
        saleLineIds: l.sale_line_ids,
      },
    ]);
  }
  return out;
}

/** sale.order.line id → the BigCommerce key it was imported under (`order_line_<key>`). */
async function saleLineKeys(ctx: ImportContext, saleLineIds: number[]): Promise<Map<number, string>> {
  const keys = new Map<number, string>();
  if (!saleLineIds.length) return keys;
  for (const d of await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'sale.order.line'],
      ['res_id', 'in', saleLineIds],
    ],
    ['name', 'res_id'],
  )) {
    keys.set(d.res_id, d.name.replace(/^order_line_/, ''));
  }
  return keys;
}

/**
 * Each tax's percent rate, and which taxes are price-included: orders of tax-inclusive stores
 * carry price-included taxes (order/mapper.ts), and so do their credit notes.
 */
async function lineTaxes(
  ctx: ImportContext,
  taxIds: number[],
): Promise<{ rate: Map<number, number>; included: Set<number> }> {
  const rows = taxIds.length
    ? await ctx.odoo.read<{ id: number; amount: number; amount_type: string; price_include: boolean }>(
        'account.tax',
        taxIds,
        ['amount', 'amount_type', 'price_include'],
      )
    : [];
  return {
    rate: new Map(rows.map((t) => [t.id, t.amount_type === 'percent' ? t.amount : 0])),
    included: new Set(rows.filter((t) => t.price_include).map((t) => t.id)),
  };
}
