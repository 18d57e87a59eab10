/**
 * Orders → sale.order (`order_<id>`) with their lines (`order_line_<order product id>`, and
 * `order_line_<order>-shipping` etc.), in the currency and pricelist the payment rows decide
 * (resolve.ts), with a total equal to BigCommerce's total_inc_tax to the cent (mapper.ts), then
 * moved through confirm / invoice / payment / cancel as the status map says (workflow.ts).
 *
 * A page of orders (up to 250) goes through named steps, each batched for the whole page:
 * plan (status map, fingerprints: 2 calls, plus 1 for states), partners and addresses (≈ 8),
 * products (≈ 3, more when some must be imported on the fly) and taxes (≤ 2), headers (≈ 2),
 * lines (≈ 3), a total check (1), and the workflow (≈ 10, payments one pair of calls per
 * journal, currency and day). Orders whose fingerprint is unchanged cost nothing after the plan.
 *
 * Lines are written while the order is a quotation. Once confirmed, a re-import updates only
 * the BigCommerce fields and moves the order forward; its lines stay as they were confirmed.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import { parseBcDate } from '../../bigcommerce/dates.js';
import type { ImportContext } from '../context.js';
import { walkPages } from '../page-walk.js';
import type { EntityImporter } from '../run-import.js';
import { splitAcrossPool, type SplitScope } from '../split-run.js';
import { DEFAULT_SPLIT } from '../split.js';
import type { Tally } from '../tally.js';
import { finishOrders } from './finish.js';
import { prepareOrders, writeHeaders } from './header.js';
import { writeLines } from './lines.js';
import { E } from './page.js';
import { orderPartners } from './partners.js';
import { planPage } from './plan.js';
import { orderProducts } from './products.js';
import { runData, type RunData } from './run-data.js';

export const orderImporter: EntityImporter = {
  entity: 'orders',
  incremental: true,
  parks: true,
  fingerprinted: { model: 'sale.order', kind: 'order' },
  splits: true,
  async run(ctx, tally, opts) {
    const run = await runData(ctx, !!opts.dryRun);
    // Currencies, pricelists and journals (runData) are made above, once, before any part runs.
    const split = await splitAcrossPool(ctx, opts, 'orders', DEFAULT_SPLIT, (since) => orderScope(ctx, since));
    if (split) return split;
    const walk = await walkPages(tally, {
      entity: E,
      noun: 'order',
      pages: ctx.bc.orders({
        since: opts.from,
        ids: opts.ids,
        createdFrom: opts.createdFrom,
        createdTo: opts.createdTo,
        idRange: opts.part,
      }),
      idOf: (d) => d.order.id,
      step: (records) => importPage(ctx, tally, run, records, !!opts.dryRun),
      // Failed orders are parked by the run (run-import.ts) and retried first: no hold.
      cursor: {
        dateOf: (d) => parseBcDate(d.order.date_modified)!.toISOString(),
        sortedByDate: !!opts.from,
        failuresHold: false,
      },
      askedIds: opts.ids,
      onProgress: opts.onProgress,
    });
    // A walk limited by creation date says nothing about other orders' modifications.
    return { cursor: opts.createdFrom || opts.createdTo ? undefined : walk.cursor };
  },
};

/** The orders modified since `since`: their count (the only total v2 gives) and id bounds. */
async function orderScope(ctx: ImportContext, since: Date | undefined): Promise<SplitScope | undefined> {
  const count = (await ctx.bc.orderCount({ since })).count;
  const bounds = count > 0 ? await ctx.bc.orderIdBounds({ since }) : undefined;
  return bounds && { count, ...bounds };
}

/**
 * One page of orders, step by step. Each step hands the next the orders that got through it
 * (page.ts); an order that drops out is failed in the tally, with its header, if written,
 * still "pending" so that the next run does it again.
 */
async function importPage(
  ctx: ImportContext,
  tally: Tally,
  run: RunData,
  page: BcOrderDetails[],
  dryRun: boolean,
): Promise<void> {
  const planned = await planPage(ctx, tally, page, dryRun);
  if (!planned.length) return;
  const partners = await orderPartners(
    ctx,
    tally,
    run.places,
    planned.map((p) => p.d),
  );
  const products = await orderProducts(ctx, tally, run, planned);
  const prepared = await prepareOrders(ctx, tally, planned, { run, partners, products });
  const headed = await writeHeaders(ctx, tally, prepared);
  const lined = await writeLines(ctx, tally, run, products, headed);
  await finishOrders(ctx, tally, lined);
}
