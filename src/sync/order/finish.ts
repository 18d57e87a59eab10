/**
 * The last step of a page: Odoo's totals checked against BigCommerce's (a quotation that does
 * not match is flagged and left alone), the orders moved along their workflow (workflow.ts),
 * what BigCommerce already shipped delivered in Odoo (bc-shipped.ts), and only then the
 * fingerprints of the orders that are done committed. An order whose
 * workflow failed keeps "pending", so the next run finishes it.
 */
import type { ImportContext } from '../context.js';
import { commitFingerprints } from '../fingerprint.js';
import type { Tally } from '../tally.js';
import { E, orderName, type WrittenOrder } from './page.js';
import { advanceOrders, type WorkflowOrder } from './workflow.js';
import { deliverBcShipments } from './bc-shipped.js';

export async function finishOrders(ctx: ImportContext, tally: Tally, written: readonly WrittenOrder[]): Promise<void> {
  const flow = await checkTotals(ctx, tally, written);
  const before = tally.mark();
  await advanceOrders(ctx, tally, flow);
  const stopped = tally.failedSince(E, before);
  const byId = new Map(written.map((o) => [o.d.order.id, o]));
  await deliverBcShipments(
    ctx,
    tally,
    flow
      .filter((f) => !stopped.has(String(f.bcId)))
      .map((f) => ({ d: byId.get(f.bcId)!.d, saleOrderId: f.saleOrderId })),
  );
  // Read from the run's failures since the mark, never from the capped report.
  const failed = tally.failedSince(E, before);
  const hashOf = new Map(written.map((o) => [o.d.order.id, o.hash]));
  await commitFingerprints(
    ctx.odoo,
    'sale.order',
    new Map(flow.filter((f) => !failed.has(String(f.bcId))).map((f) => [f.saleOrderId, hashOf.get(f.bcId)!])),
  );
}

/**
 * The orders whose workflow may run: one read of Odoo's totals; a quotation whose total is not
 * BigCommerce's is flagged (and its fingerprint with it), one kept as a quotation by the
 * total_mismatch policy waits.
 */
async function checkTotals(
  ctx: ImportContext,
  tally: Tally,
  written: readonly WrittenOrder[],
): Promise<WorkflowOrder[]> {
  const totals = written.length
    ? await ctx.odoo.read<{ id: number; amount_total: number; currency_id: [number, string] }>(
        'sale.order',
        written.map((o) => o.saleOrderId),
        ['amount_total', 'currency_id'],
      )
    : [];
  const totalOf = new Map(totals.map((t) => [t.id, t]));
  const flow: WorkflowOrder[] = [];
  for (const o of written) {
    const t = totalOf.get(o.saleOrderId)!;
    const want = Number(o.d.order.total_inc_tax);
    if (o.draft && Math.round(t.amount_total * 100) !== Math.round(want * 100)) {
      const note = `Odoo total ${t.amount_total.toFixed(2)} ≠ BigCommerce total_inc_tax ${want.toFixed(2)} ${t.currency_id[1]}`;
      await ctx.odoo.write('sale.order', [o.saleOrderId], { x_bc_flag: note, x_bc_hash: 'flagged' });
      await tally.warn(E, o.d.order.id, `${note}: kept as a quotation and flagged`, orderName(o.d));
      continue;
    }
    if (o.flag) continue; // kept as a quotation by the total_mismatch policy
    flow.push({
      bcId: o.d.order.id,
      saleOrderId: o.saleOrderId,
      action: o.action,
      followsOdooShipment: o.followsOdooShipment,
      dateOrder: o.dateOrder,
      journalId: o.journalId,
      name: orderName(o.d),
    });
  }
  return flow;
}
