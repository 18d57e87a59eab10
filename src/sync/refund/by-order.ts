/**
 * Refunds read by order rather than by the store-wide walk: those of orders that say they
 * were refunded but have no refund record (e.g. refunds older than the cursor), and those
 * whose record is in "error" — retried when asked (`bc-odoo retry refunds`), or as soon as
 * the order they waited for is imported and invoiced. These passes never move the cursor.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import { E } from './work.js';

/** What a pass does with the refunds it reads: the page step of process.ts. */
export type RefundStep = (refunds: BcRefund[]) => Promise<unknown>;

interface RefundedOrder {
  id: number;
  x_bc_order_id: number;
  x_bc_status: string | false;
  x_bc_flag: string | false;
}

const NO_REFUND_FLAG = 'No refund in BigCommerce';

/**
 * Orders that say "Refunded" or "Partially Refunded" but whose refunds we have not seen: their
 * refunds are read by order. An order whose refunds resource is empty was refunded outside
 * BigCommerce's refund flow (a status set by hand, a refund at the gateway): nothing can be
 * credited, so it is flagged on the sale order and warned about once.
 */
export async function refundedOrdersWithoutRefunds(
  ctx: ImportContext,
  tally: Tally,
  step: RefundStep,
  onPage?: () => void,
): Promise<void> {
  const missing = await refundedOrdersWithoutRecords(ctx);
  const withRefunds = new Set<number>();
  for (const ids of chunks([...new Set(missing.map((c) => c.x_bc_order_id))], 50)) {
    for await (const page of ctx.bc.refunds({ orderIds: ids })) {
      for (const r of page.records) withRefunds.add(r.order_id);
      await step(page.records);
      onPage?.();
    }
  }
  await flagRefundedWithoutRefund(
    ctx,
    tally,
    missing.filter((c) => !withRefunds.has(c.x_bc_order_id) && !(c.x_bc_flag || '').startsWith(NO_REFUND_FLAG)),
  );
}

/** Sale orders whose BigCommerce status says refunded and that no refund record points at. Two calls. */
async function refundedOrdersWithoutRecords(ctx: ImportContext): Promise<RefundedOrder[]> {
  const candidates = await ctx.odoo.searchRead<RefundedOrder>(
    'sale.order',
    [
      ['x_bc_status_id', 'in', [4, 14]],
      ['x_bc_order_id', '!=', false],
    ],
    ['x_bc_order_id', 'x_bc_status', 'x_bc_flag'],
  );
  const known = new Set(
    (
      await ctx.odoo.searchRead<{ x_bc_order_id: number }>(
        'x_bc_refund',
        [['x_instance_id', '=', ctx.instanceId]],
        ['x_bc_order_id'],
      )
    ).map((r) => r.x_bc_order_id),
  );
  return candidates.filter((c) => !known.has(c.x_bc_order_id));
}

async function flagRefundedWithoutRefund(ctx: ImportContext, tally: Tally, anomalies: RefundedOrder[]): Promise<void> {
  for (const c of anomalies) {
    await tally.warn(
      E,
      c.x_bc_order_id,
      `order ${c.x_bc_order_id} is "${c.x_bc_status || 'refunded'}" in BigCommerce, but BigCommerce has no refund for it ` +
        '(refunded outside its refund flow?): nothing was credited in Odoo',
      `BigCommerce order ${c.x_bc_order_id}`,
    );
  }
  if (anomalies.length) {
    await ctx.odoo.write(
      'sale.order',
      anomalies.map((c) => c.id),
      { x_bc_flag: `${NO_REFUND_FLAG}: the status says refunded, BigCommerce has no refund record` },
    );
  }
}

export interface ErroredRefund {
  x_bc_refund_id: number;
  x_bc_order_id: number;
}

/** The refund records in "error" (of these refunds, when given). */
export async function erroredRefunds(ctx: ImportContext, ids?: readonly number[]): Promise<ErroredRefund[]> {
  return ctx.odoo.searchRead<ErroredRefund>(
    'x_bc_refund',
    [
      ['x_instance_id', '=', ctx.instanceId],
      ['x_status', '=', 'error'],
      ...(ids?.length ? [['x_bc_refund_id', 'in', [...ids]]] : []),
    ],
    ['x_bc_refund_id', 'x_bc_order_id'],
  );
}

/** Errored refunds whose order is now imported and has a posted invoice. */
export async function refundsNowPossible(ctx: ImportContext, errors: ErroredRefund[]): Promise<ErroredRefund[]> {
  if (!errors.length) return [];
  const orders = await ctx.binder.resolve('order', [...new Set(errors.map((e) => e.x_bc_order_id))]);
  if (!orders.size) return [];
  const invoiced = await ctx.odoo.searchRead<{ id: number }>(
    'sale.order',
    [
      ['id', 'in', [...orders.values()]],
      ['invoice_ids.move_type', '=', 'out_invoice'],
      ['invoice_ids.state', '=', 'posted'],
    ],
    ['id'],
  );
  const ready = new Set(invoiced.map((o) => o.id));
  return errors.filter((e) => ready.has(orders.get(String(e.x_bc_order_id)) ?? 0));
}

/** Reads the refunds of these errored records' orders again and processes just those refunds. */
export async function retryErrors(
  ctx: ImportContext,
  tally: Tally,
  errors: ErroredRefund[],
  step: RefundStep,
): Promise<void> {
  const wanted = new Set(errors.map((e) => e.x_bc_refund_id));
  for (const orderIds of chunks([...new Set(errors.map((e) => e.x_bc_order_id))], 50)) {
    for await (const page of ctx.bc.refunds({ orderIds })) {
      for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
      await step(page.records.filter((r) => wanted.has(r.id)));
    }
  }
}

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
