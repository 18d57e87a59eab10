/**
 * Each refund's credit note, planned before anything is written: its order and posted invoice,
 * the journal its money goes back through (the payment rows, as for the order's payment), and
 * its lines (mapper.ts) — or why it cannot be made yet, which goes on the refund's record as
 * an "error" that `bc-odoo retry refunds` (or the next run, once the order is invoiced) retries.
 * Pure over what invoices.ts read; table-tested.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { PaymentRow } from '../../config/index.js';
import { findJournal, matchRow } from '../payment-rows.js';
import type { RefundInvoices, RefundOrders } from './invoices.js';
import { creditLines, type CreditLine } from './mapper.js';
import type { RefundWork } from './work.js';

export type CreditNotePlan =
  | {
      ok: true;
      saleOrderId: number;
      currencyId: number;
      invoiceId: number;
      journalId: number;
      /** the invoice had been paid: the credit note is paid back too */
      paid: boolean;
      lines: CreditLine[];
    }
  /** saleOrderId and currencyId when the order is known: the record says which order waits */
  | { ok: false; error: string; saleOrderId?: number; currencyId?: number };

/** Plans every refund of the page in turn: a refund counts against its invoice for the next ones. */
export function planCreditNotes(
  work: readonly RefundWork[],
  orders: RefundOrders,
  invoices: RefundInvoices,
  payments: readonly PaymentRow[],
): void {
  const credited = new Map(invoices.credited);
  for (const w of work) {
    const plan = planCreditNote(w.refund, orders, invoices, payments, credited);
    w.saleOrderId = plan.saleOrderId;
    w.currencyId = plan.currencyId;
    if (!plan.ok) {
      w.status = 'error';
      w.error = plan.error;
      continue;
    }
    w.invoiceId = plan.invoiceId;
    w.journalId = plan.journalId;
    w.paid = plan.paid;
    w.lines = plan.lines;
    credited.set(plan.invoiceId, (credited.get(plan.invoiceId) ?? 0) + w.refund.total_amount);
  }
}

export function planCreditNote(
  r: BcRefund,
  orders: RefundOrders,
  invoices: RefundInvoices,
  payments: readonly PaymentRow[],
  credited: ReadonlyMap<number, number>,
): CreditNotePlan {
  const so = orders.saleOrders.get(orders.orderOf.get(String(r.order_id)) ?? 0);
  if (!so)
    return {
      ok: false,
      error: `order ${r.order_id} is not imported yet: run \`bc-odoo import orders --id ${r.order_id}\`, then \`bc-odoo retry refunds\``,
    };
  const known = { saleOrderId: so.id, currencyId: so.currency_id[0] };
  const inv = so.invoice_ids
    .map((id) => invoices.byId.get(id))
    .find((i) => i && i.move_type === 'out_invoice' && i.state === 'posted');
  if (!inv)
    return {
      ok: false,
      ...known,
      error: `order ${r.order_id} has no posted invoice yet (its status in BigCommerce may not call for one); retry once it is invoiced`,
    };
  const already = credited.get(inv.id) ?? 0;
  if (Math.round((already + r.total_amount) * 100) > Math.round(inv.amount_total * 100))
    return {
      ok: false,
      ...known,
      error: `refund of ${r.total_amount.toFixed(2)} would take the credit notes of invoice ${inv.id} to ${(already + r.total_amount).toFixed(2)}, more than its ${inv.amount_total.toFixed(2)}`,
    };
  const row = matchRow(payments, so.x_bc_payment_method || undefined);
  const journal = findJournal(invoices.journals, row.journal);
  if (!journal)
    return {
      ok: false,
      ...known,
      error: `journal "${row.journal ?? 'first bank journal'}" from the payment rows does not exist in Odoo: create it, then \`bc-odoo retry refunds\``,
    };
  const lines = creditLines(r, invoices.lines.get(inv.id) ?? [], inv.amount_total, invoices.roundingProductId);
  if (!lines.ok) return { ok: false, ...known, error: lines.error };
  return {
    ok: true,
    ...known,
    invoiceId: inv.id,
    journalId: journal.id,
    paid: ['paid', 'in_payment'].includes(inv.payment_state),
    lines: lines.lines,
  };
}
