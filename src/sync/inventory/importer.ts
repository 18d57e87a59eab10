/**
 * Inventory: BigCommerce's on-hand stock → Odoo's on-hand quantities, through applied
 * inventory adjustments (stock.quant `inventory_quantity`, then `action_apply_inventory`, as
 * Odoo's Physical Inventory screen does). Not incremental — BigCommerce has no date filter on
 * inventory — so every run reads all products (or `--id` ones) and writes only differences.
 *
 * Odoo calls for a page of products, whatever its size: 1 to resolve the variants (their
 * external ids), 1 check of the products (exist, storable, no lots; not in the product
 * importer's hook), 1 read of the quants at the target locations, and when something changed
 * 1 `create` in inventory mode (sets the counted quantity, on existing quants too) + 1
 * `action_apply_inventory` on the batch: at most 5 (4 from the hook).
 * Once per run: the mapped locations (1), the main warehouse (1, only when a location is not
 * mapped), the sub-locations (1, only with several target locations). A failing batch is split
 * around the products Odoo refuses.
 *
 * BigCommerce requests: one products page (variants included); with a location mapping, one
 * /v3/inventory/items request per 100 tracked products of the page, plus the locations once.
 */
import type { EntityImporter } from '../run-import.js';
import { walkPages } from '../page-walk.js';
import type { Tally } from '../tally.js';
import type { ImportContext } from '../context.js';
import type { BcProduct } from '../../bigcommerce/schemas.js';
import { checkBcLocations, E, InventoryLocationError, openStock, type StockSetup } from './locations.js';
import { stockPlan } from './mapper.js';
import { syncStock } from './stock-page.js';

export { InventoryLocationError } from './locations.js';

export const inventoryImporter: EntityImporter = {
  entity: 'inventory',
  incremental: false,
  async run(ctx, tally, opts) {
    if (odooIsStockMaster(ctx)) {
      await tally.warn(
        E,
        '-',
        "stock.master is odoo: BigCommerce's stock is not imported (bc-odoo export inventory sends Odoo's to BigCommerce)",
      );
      return {};
    }
    const setup = await openStock(ctx);
    if (setup.perLocation) await checkBcLocations(ctx, tally, setup);
    await walkPages(tally, {
      entity: E,
      noun: 'product',
      pages: ctx.bc.products({ ids: opts.ids, include: ['variants'], sort: 'id' }),
      idOf: (p) => p.id,
      step: (records) => syncStock(ctx, setup, tally, records, { dryRun: opts.dryRun, report: true }),
      askedIds: opts.ids,
      onProgress: opts.onProgress,
    });
    return {};
  },
};

/** With Odoo as stock master, BigCommerce's quantities are never imported (config stock.master). */
export function odooIsStockMaster(ctx: ImportContext): boolean {
  return ctx.instance.stock?.master === 'odoo';
}

// ---- the product importer's hook --------------------------------------------------------------

const perRun = new WeakMap<Tally, Promise<StockSetup | undefined>>();

/**
 * Sets the stock of a page of products the product importer has just read (their stock sits
 * in the payload; with a location mapping, one inventory-items request per 100 products).
 * Counts, failures and warnings go to a nested `inventory` tally, reported alongside the
 * product run (they do not hold the product cursor back), and a bad location mapping is reported once and stock left
 * alone for the run. Nothing on a dry run.
 */
export async function syncProductStock(
  ctx: ImportContext,
  tally: Tally,
  products: readonly BcProduct[],
  opts: { dryRun?: boolean } = {},
): Promise<void> {
  if (opts.dryRun || odooIsStockMaster(ctx) || !products.some((p) => stockPlan(p).kind === 'tracked')) return;
  let setup = perRun.get(tally);
  if (!setup) {
    setup = openStock(ctx).catch(async (err: unknown) => {
      if (!(err instanceof InventoryLocationError)) throw err;
      await tally.fail(E, '-', new Error(`stock not imported: ${err.message}`));
      return undefined;
    });
    perRun.set(tally, setup);
  }
  const s = await setup;
  if (!s) return;
  await syncStock(ctx, s, tally.nested('inventory'), products, { report: false });
}
