/**
 * The x_bc_refund records (`refund_<id>`): one per BigCommerce refund, made "pending" before
 * anything is done for it and given its outcome at the end of the page — "synced", or "error"
 * and why — in one batched write. A record in "error" is what `bc-odoo retry refunds` retries.
 * A refund whose record is missing or still "pending" after its page is retried by nothing
 * but the walk that read it: the walk's cursor must not pass it (importer.ts).
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import { odooDatetime } from '../../odoo/operation-log.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import type { RefundOrders } from './invoices.js';
import { E, type RefundWork } from './work.js';

/** The page's refunds still to process: no record yet, "pending", or "error" when retrying. */
export interface RefundsToDo {
  todo: BcRefund[];
  /** refund id → its x_bc_refund record */
  bound: Map<string, number>;
  /** record id → its status */
  statusOf: Map<number, string>;
}

export async function refundsToDo(ctx: ImportContext, refunds: BcRefund[], retry: boolean): Promise<RefundsToDo> {
  const bound = await ctx.binder.resolve(
    'refund',
    refunds.map((r) => r.id),
  );
  const existing = bound.size
    ? await ctx.odoo.read<{ id: number; x_status: string }>('x_bc_refund', [...bound.values()], ['x_status'])
    : [];
  const statusOf = new Map(existing.map((e) => [e.id, e.x_status]));
  const todo = refunds.filter((r) => {
    const id = bound.get(String(r.id));
    if (id === undefined) return true;
    const st = statusOf.get(id);
    return st === 'pending' || (retry && st === 'error');
  });
  return { todo, bound, statusOf };
}

/**
 * Claims a "pending" record for each new refund (one batched upsert). Returns the work of the
 * refunds that have a record, and the refunds Odoo would not record (failed in the tally).
 */
export async function claimRecords(
  ctx: ImportContext,
  tally: Tally,
  { todo, bound, statusOf }: RefundsToDo,
  orders: RefundOrders,
): Promise<{ work: RefundWork[]; unrecorded: BcRefund[] }> {
  const created = await ctx.binder.upsert(
    'refund',
    'x_bc_refund',
    todo.filter((r) => !bound.has(String(r.id))).map((r) => ({ bcId: r.id, values: recordValues(ctx, r, orders) })),
  );
  for (const f of created.failed) await tally.fail(E, f.bcId, f.error);
  tally.created += created.created.size;
  const recordOf = (r: BcRefund) => bound.get(String(r.id)) ?? created.created.get(String(r.id));
  const work: RefundWork[] = todo
    .filter((r) => recordOf(r) !== undefined)
    .map((r) => ({
      refund: r,
      recordId: recordOf(r)!,
      recorded: statusOf.get(recordOf(r)!) ?? 'pending',
      status: 'pending',
    }));
  return { work, unrecorded: todo.filter((r) => recordOf(r) === undefined) };
}

function recordValues(ctx: ImportContext, r: BcRefund, orders: RefundOrders): Record<string, unknown> {
  const saleOrderId = orders.orderOf.get(String(r.order_id));
  return {
    x_name: `BigCommerce refund ${r.id} (order ${r.order_id})`,
    x_bc_refund_id: r.id,
    x_bc_order_id: r.order_id,
    x_instance_id: ctx.instanceId,
    x_amount: r.total_amount,
    x_reason: r.reason || false,
    x_refund_date: odooDatetime(new Date(r.created)),
    x_status: 'pending',
    x_sale_order_id: saleOrderId ?? false,
    x_currency_id: orders.saleOrders.get(saleOrderId ?? 0)?.currency_id[0] ?? false,
  };
}

/**
 * Writes each refund's outcome on its record (one batched upsert) and puts the refunds in
 * error on the tally. Returns the refunds whose record still says "pending": the outcome
 * could not be written on it, or another run holds its credit note.
 */
export async function recordOutcomes(
  ctx: ImportContext,
  tally: Tally,
  work: readonly RefundWork[],
  bound: ReadonlyMap<string, number>,
): Promise<BcRefund[]> {
  const results = work.filter((w) => w.status !== 'skip');
  const res = await ctx.binder.upsert(
    'refund',
    'x_bc_refund',
    results.map((w) => ({
      bcId: w.refund.id,
      values: {
        x_status: w.status === 'synced' ? 'synced' : 'error',
        x_message: w.error ?? false,
        x_credit_note_id: w.creditNoteId ?? false,
        x_sale_order_id: w.saleOrderId ?? false,
        x_currency_id: w.currencyId ?? false,
      },
    })),
  );
  for (const f of res.failed) await tally.fail(E, f.bcId, f.error);
  for (const w of results) {
    if (w.status === 'synced') {
      if (bound.has(String(w.refund.id))) tally.updated++;
    } else
      await tally.fail(
        E,
        w.refund.id,
        new Error(w.error ?? 'not processed'),
        `refund ${w.refund.id} of order ${w.refund.order_id}`,
      );
  }
  const unwritten = new Set(res.failed.map((f) => f.bcId));
  return work
    .filter((w) => w.status === 'skip' || (unwritten.has(String(w.refund.id)) && w.recorded === 'pending'))
    .map((w) => w.refund);
}
