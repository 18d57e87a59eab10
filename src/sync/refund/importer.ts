/**
 * Refunds → one x_bc_refund record (`refund_<id>`) and one posted customer credit note each,
 * in the order's currency, linked to the invoice (reversed_entry_id) and the sale order, and —
 * when the invoice was paid — a refund payment in the journal the payment rows choose.
 *
 * Refunds come store-wide from /v3/orders/payment_actions/refunds (created since the cursor),
 * plus, for orders whose BigCommerce fields say "refunded" and that have no refund record yet,
 * from each order's refunds (by-order.ts). A refund is processed once: its credit note is
 * claimed first with an external id (claims.ts), so two runs racing on it make one credit
 * note, never two. A refund that cannot be processed yet (order not imported, no invoice,
 * journal missing, more than the invoice) is recorded with status "error" and the reason;
 * `bc-odoo retry refunds` tries those again. The steps of a page are process.ts.
 *
 * The cursor: a refund recorded in "error" is retried from its record, so the cursor may pass
 * it; a refund Odoo would not record, or whose record still says "pending", is read again by
 * nothing but this walk, so the cursor stays before it.
 */
import type { BcRefund } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import { CursorTracker } from '../cursor.js';
import { walkPages } from '../page-walk.js';
import type { EntityImporter, EntityRunOptions } from '../run-import.js';
import type { Tally } from '../tally.js';
import { erroredRefunds, refundedOrdersWithoutRefunds, refundsNowPossible, retryErrors } from './by-order.js';
import { processRefunds } from './process.js';
import { E } from './work.js';

export const refundImporter: EntityImporter = {
  entity: 'refunds',
  incremental: true,
  async run(ctx, tally, opts) {
    if (opts.retry) {
      await retryErrors(ctx, tally, await erroredRefunds(ctx, opts.ids), (refunds) =>
        processRefunds(ctx, tally, refunds, opts),
      );
      return {};
    }
    const cursor = await walkStoreRefunds(ctx, tally, opts);
    if (!opts.orderIds?.length && !opts.ids?.length) {
      await refundedOrdersWithoutRefunds(
        ctx,
        tally,
        (refunds) => processRefunds(ctx, tally, refunds, opts),
        () => opts.onProgress?.(tally),
      );
      // Refunds that waited for their order (or its invoice): retried as soon as it is there.
      const waiting = await refundsNowPossible(ctx, await erroredRefunds(ctx));
      if (!opts.dryRun)
        await retryErrors(ctx, tally, waiting, (refunds) =>
          processRefunds(ctx, tally, refunds, { ...opts, retry: true }),
        );
    }
    return { cursor };
  },
};

/** The store-wide walk (or the walk of the orders asked for); returns how far the cursor may move. */
async function walkStoreRefunds(ctx: ImportContext, tally: Tally, opts: EntityRunOptions): Promise<string | undefined> {
  const orderIds = opts.orderIds?.length ? opts.orderIds : undefined;
  const unrecorded: BcRefund[] = [];
  const walk = await walkPages(tally, {
    entity: E,
    noun: 'refund',
    pages: ctx.bc.refunds({ since: orderIds ? undefined : opts.from, orderIds }),
    idOf: (r) => r.id,
    step: async (records) => {
      const asked = opts.ids?.length ? records.filter((r) => opts.ids!.includes(r.id)) : records;
      unrecorded.push(...(await processRefunds(ctx, tally, asked, opts)));
    },
    // BigCommerce lists refunds by id, not by creation date (orders.v3.yml, "Get All Refunds").
    // A refund in "error" is retried from its record: failures do not hold, unrecorded ones do.
    cursor: { dateOf: (r) => r.created, sortedByDate: false, failuresHold: false },
    onProgress: opts.onProgress,
  });
  return cursorBefore(walk.cursor, unrecorded);
}

/** The walk's cursor, held just before the oldest refund that has no record saying what became of it. */
export function cursorBefore(
  walked: string | undefined,
  unrecorded: readonly Pick<BcRefund, 'created'>[],
): string | undefined {
  if (walked === undefined || !unrecorded.length) return walked;
  const cursor = new CursorTracker(false);
  cursor.record(walked, false);
  for (const r of unrecorded) cursor.record(r.created, true);
  return cursor.value();
}
