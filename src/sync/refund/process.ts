/**
 * The refunds of one page, step by step: claim their records ("pending"), find their orders
 * and invoices, plan each credit note (or say why not), make, post and pay the credit notes,
 * and write each refund's outcome on its record. Every step is batched for the page.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import { makeCreditNotes } from './credit-notes.js';
import { refundInvoices, refundOrders } from './invoices.js';
import { planCreditNotes } from './plan.js';
import { claimRecords, recordOutcomes, refundsToDo } from './records.js';

/**
 * Processes a page of refunds. Returns the refunds whose record does not say what became of
 * them — Odoo would not make one, or it still says "pending" — which only the walk that read
 * them will read again: its cursor holds on them.
 */
export async function processRefunds(
  ctx: ImportContext,
  tally: Tally,
  refunds: BcRefund[],
  opts: { retry?: boolean; dryRun?: boolean },
): Promise<BcRefund[]> {
  if (!refunds.length) return [];
  const toDo = await refundsToDo(ctx, refunds, !!opts.retry);
  tally.unchanged += refunds.length - toDo.todo.length;
  if (!toDo.todo.length) return [];
  if (opts.dryRun) {
    for (const r of toDo.todo) toDo.bound.has(String(r.id)) ? tally.updated++ : tally.created++;
    return [];
  }
  const orders = await refundOrders(ctx, toDo.todo);
  const { work, unrecorded } = await claimRecords(ctx, tally, toDo, orders);
  const invoices = await refundInvoices(
    ctx,
    orders,
    work.map((w) => w.refund.id),
  );
  planCreditNotes(work, orders, invoices, ctx.instance.payments);
  await makeCreditNotes(ctx, tally, work, invoices);
  const pending = await recordOutcomes(ctx, tally, work, toDo.bound);
  return [...unrecorded, ...pending];
}
