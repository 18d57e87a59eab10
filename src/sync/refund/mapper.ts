/**
 * BigCommerce refund → a customer credit note: its lines (`creditLines`) and its values
 * (`mapCreditNote`). Pure: the invoice, its lines and the rounding product come in resolved;
 * table-tested.
 *
 * Item-level refunds (PRODUCT, SHIPPING, HANDLING, GIFT_WRAPPING, FEE, ORDER) mirror the
 * invoice line each item refers to, with the item's quantity and an amount that gives back
 * the item's requested amount (tax included); refunds without items mirror the whole invoice
 * scaled to the refunded amount. Rounding leaves at most a few cents, which go on one untaxed
 * rounding line, so the credit note's total equals the refund to the cent.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import { odooLine } from '../order/totals.js';

const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;
const cents = (n: number): number => Math.round(n * 100);

/** The order fields that say "look for refunds here" (the refunds endpoints are the authority). */
export function isRefundCandidate(o: { status_id: number; status?: string; refunded_amount?: string }): boolean {
  return (
    Number(o.refunded_amount ?? 0) > 0 || /refund/i.test(o.status ?? '') || o.status_id === 4 || o.status_id === 14
  );
}

export interface InvoiceLine {
  productId: number;
  name: string;
  quantity: number;
  priceUnit: number;
  taxIds: number[];
  /** sum of the line's percent taxes */
  taxRate: number;
  /** its taxes are price-included (orders of tax-inclusive stores): priceUnit includes the tax */
  taxIncluded?: boolean;
  /** the BigCommerce key of the order line it invoices: order product id, or `<order>-shipping` etc. */
  bcKey?: string;
  /** the sale order lines it invoices: a credit note line carrying them shows on the sale order */
  saleLineIds?: number[];
}

/** A credit note line: an invoice line without the key of the order line it came from. */
export type CreditLine = Omit<InvoiceLine, 'bcKey'>;

/** Odoo's total of lines (tax rounded per line, included or excluded as Odoo does: order/totals.ts). */
export function creditTotal(lines: readonly CreditLine[]): number {
  return lines.reduce((s, l) => s + odooLine({ ...l, taxIncluded: l.taxIncluded ?? false }).total, 0) / 100;
}

const ITEM_KEY: Record<string, (orderId: number, itemId: number) => string> = {
  PRODUCT: (_o, id) => String(id),
  GIFT_WRAPPING: (o) => `${o}-wrapping`,
  SHIPPING: (o) => `${o}-shipping`,
  HANDLING: (o) => `${o}-handling`,
};

export type CreditPlan = { ok: true; lines: CreditLine[] } | { ok: false; error: string };

export function creditLines(
  refund: BcRefund,
  invoice: readonly InvoiceLine[],
  invoiceTotal: number,
  roundingProductId: number,
): CreditPlan {
  const lines: CreditLine[] = [];
  if (refund.items.length) {
    for (const item of refund.items) {
      const amount = Number(item.requested_amount ?? 0);
      if (cents(amount) === 0) continue;
      const key = ITEM_KEY[item.item_type]?.(refund.order_id, item.item_id);
      const src = key ? invoice.find((l) => l.bcKey === key) : undefined;
      if (!src) {
        if (item.item_type === 'ORDER' || item.item_type === 'FEE') {
          lines.push({
            productId: roundingProductId,
            name: `Refund: ${item.reason || item.item_type.toLowerCase()}`,
            quantity: 1,
            priceUnit: amount,
            taxIds: [],
            taxRate: 0,
          });
          continue;
        }
        return {
          ok: false,
          error: `refund item ${item.item_type} ${item.item_id} has no matching line on the invoice`,
        };
      }
      const qty = item.item_type === 'PRODUCT' && item.quantity ? item.quantity : 1;
      // The requested amount is tax included: it is the price itself when the line's tax is included too.
      const perUnit = src.taxIncluded ? amount / qty : amount / (1 + src.taxRate / 100) / qty;
      lines.push({ ...src, quantity: qty, priceUnit: round2(perUnit) });
    }
  } else {
    const factor = refund.total_amount / invoiceTotal;
    for (const l of invoice) lines.push({ ...l, priceUnit: round2(l.priceUnit * factor) });
  }
  const diff = cents(refund.total_amount) - cents(creditTotal(lines));
  if (diff !== 0)
    lines.push({
      productId: roundingProductId,
      name: 'Rounding to the BigCommerce refund',
      quantity: 1,
      priceUnit: diff / 100,
      taxIds: [],
      taxRate: 0,
    });
  return { ok: true, lines: lines.filter((l) => cents(l.priceUnit * l.quantity) !== 0) };
}

/** The invoice a credit note reverses, as read from Odoo. */
export interface ReversedInvoice {
  id: number;
  partnerId: number;
  journalId: number;
}

/** The reference of a refund's credit note; claims.ts finds an orphaned credit note by it. */
export function creditNoteRef(refund: Pick<BcRefund, 'id' | 'reason'>): string {
  return `BigCommerce refund ${refund.id}${refund.reason ? `: ${refund.reason}` : ''}`.slice(0, 200);
}

/**
 * The account.move values of a refund's credit note: a customer credit note (out_refund) in the
 * order's currency, reversing its invoice in the invoice's journal, dated the refund's day. Lines
 * mirrored from the invoice keep its sale order lines, so the credit note is among the sale
 * order's invoices (its Invoices button), as a reversal made in Odoo is.
 */
export function mapCreditNote(
  refund: BcRefund,
  invoice: ReversedInvoice,
  currencyId: number,
  lines: readonly CreditLine[],
): Record<string, unknown> {
  return {
    move_type: 'out_refund',
    partner_id: invoice.partnerId,
    currency_id: currencyId,
    journal_id: invoice.journalId,
    invoice_date: refund.created.slice(0, 10),
    reversed_entry_id: invoice.id,
    invoice_origin: `BigCommerce order ${refund.order_id}`,
    ref: creditNoteRef(refund),
    invoice_line_ids: lines.map((l) => [
      0,
      0,
      {
        product_id: l.productId,
        name: l.name,
        quantity: l.quantity,
        price_unit: l.priceUnit,
        tax_ids: [[6, 0, l.taxIds]],
        // what links an invoice to its sale order in Odoo 17–19 (sale.order.invoice_ids), as Odoo's own reversal does
        ...(l.saleLineIds?.length ? { sale_line_ids: [[6, 0, l.saleLineIds]] } : {}),
      },
    ]),
  };
}
