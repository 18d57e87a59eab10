/**
 * One page of products' stock: which variants carry stock, how much at which Odoo location
 * (from the catalog, or per BigCommerce location from /v3/inventory/items), which Odoo variants
 * they are, and the adjustment of what differs (quants.ts). Used by the inventory run and,
 * without its checks and skip counts, by the product run for the products it just wrote.
 */
import type { BcInventoryItem, BcProduct } from '../../bigcommerce/schemas.js';
import type { ImportContext } from '../context.js';
import type { RecordEntity } from '../entities.js';
import { E, type StockSetup } from './locations.js';
import {
  catalogLevels,
  enabledLocations,
  locationLevels,
  planAdjustments,
  stockPlan,
  type WantedStock,
} from './mapper.js';
import { adjust, readQuants } from './quants.js';

/** Where counts, failures and warnings go: the inventory run's tally, or one nested in a product run's. */
export interface StockSink {
  updated: number;
  unchanged: number;
  skipped: number;
  fail(entity: RecordEntity, bcId: string | number, error: unknown, name?: string): Promise<void>;
  warn(entity: RecordEntity, bcId: string | number, message: string, name?: string): Promise<void>;
}

export interface SyncOptions {
  dryRun?: boolean;
  /** the inventory run: count skips, warn about products not imported, check products first */
  report: boolean;
}

interface Tracked {
  product: BcProduct;
  variantIds: number[];
  levels?: Map<number, number>;
}

type Levels = Map<number, ReadonlyMap<number, number>>;

export async function syncStock(
  ctx: ImportContext,
  setup: StockSetup,
  sink: StockSink,
  products: readonly BcProduct[],
  opts: SyncOptions,
): Promise<void> {
  const tracked = await trackedProducts(setup, sink, products, opts);
  if (!tracked.length) return;
  const { levels, invalid, targets } = await stockLevels(ctx, setup, sink, tracked);
  const wanted = await wantedStock(ctx, sink, tracked, levels, invalid, opts);
  const names = new Map(tracked.map((t) => [t.product.id, t.product.name]));
  const stockable = opts.report ? await checkProducts(ctx, sink, wanted, names) : wanted;
  if (!stockable.length) return;
  await applyStock(ctx, setup, sink, stockable, targets, names, opts);
}

/** Which products' variants carry stock; the others are skipped (and said why when unsupported). */
async function trackedProducts(
  setup: StockSetup,
  sink: StockSink,
  products: readonly BcProduct[],
  opts: SyncOptions,
): Promise<Tracked[]> {
  const tracked: Tracked[] = [];
  for (const p of products) {
    const plan = stockPlan(p);
    if (plan.kind === 'tracked')
      tracked.push({
        product: p,
        variantIds: plan.variants.map((v) => v.id),
        levels: setup.perLocation ? undefined : catalogLevels(p, plan),
      });
    else {
      if (opts.report) sink.skipped += Math.max(1, (p.variants ?? []).length);
      if (plan.kind === 'unsupported') await sink.warn(E, p.id, plan.reason, p.name);
    }
  }
  return tracked;
}

/** How much of each variant, at which Odoo location; `invalid`: variants whose inventory item failed. */
async function stockLevels(
  ctx: ImportContext,
  setup: StockSetup,
  sink: StockSink,
  tracked: readonly Tracked[],
): Promise<{ levels: Levels; invalid: Set<number>; targets: number[] }> {
  const levels: Levels = new Map();
  const invalid = new Set<number>();
  if (!setup.perLocation) {
    const target = await setup.defaultTarget();
    for (const t of tracked) for (const [v, q] of t.levels!) levels.set(v, new Map([[target, q]]));
    return { levels, invalid, targets: [target] };
  }
  const got = await readItems(
    ctx,
    sink,
    tracked.map((t) => t.product.id),
    invalid,
  );
  const route = new Map<number, number>();
  for (const bc of enabledLocations(got)) route.set(bc, setup.mapped.get(bc) ?? (await setup.defaultTarget()));
  for (const [variantId, byLoc] of locationLevels(got, route)) levels.set(variantId, byLoc);
  return { levels, invalid, targets: [...new Set(route.values())] };
}

/** The Odoo variant and wanted levels of each tracked variant: 1 read. */
async function wantedStock(
  ctx: ImportContext,
  sink: StockSink,
  tracked: readonly Tracked[],
  levels: Levels,
  invalid: ReadonlySet<number>,
  opts: SyncOptions,
): Promise<WantedStock[]> {
  const bound = await variantBindings(
    ctx,
    tracked.flatMap((t) => t.variantIds),
  );
  const wanted: WantedStock[] = [];
  for (const t of tracked) {
    const missing = t.variantIds.filter((v) => !bound.has(String(v)));
    if (missing.length && opts.report) {
      sink.skipped += missing.length;
      const message =
        missing.length === t.variantIds.length
          ? 'the product is not in Odoo; run `bc-odoo import products` first'
          : `variants ${missing.join(', ')} are not in Odoo; run \`bc-odoo import products\``;
      await sink.warn(E, t.product.id, message, t.product.name);
    }
    if (missing.length === t.variantIds.length) continue;
    for (const v of t.variantIds) {
      const productId = bound.get(String(v));
      if (productId === undefined) continue;
      const byLoc = levels.get(v);
      if (byLoc) wanted.push({ bcVariantId: v, bcProductId: t.product.id, productId, levels: byLoc });
      // Never zero a variant BigCommerce said nothing about (an invalid item is already a failure).
      else if (!invalid.has(v)) await noInventoryRecord(sink, t, v, opts);
    }
  }
  return wanted;
}

async function noInventoryRecord(sink: StockSink, t: Tracked, variantId: number, opts: SyncOptions): Promise<void> {
  if (opts.report) sink.skipped++;
  const message = `variant ${variantId} has no inventory record in BigCommerce; its stock is left as it is`;
  await sink.warn(E, t.product.id, message, t.product.name);
}

/** What Odoo holds now against what BigCommerce says, and the adjustment of the difference. */
async function applyStock(
  ctx: ImportContext,
  setup: StockSetup,
  sink: StockSink,
  stockable: readonly WantedStock[],
  targets: number[],
  names: ReadonlyMap<number, string>,
  opts: SyncOptions,
): Promise<void> {
  const quants = await readQuants(
    ctx,
    setup,
    stockable.map((w) => w.productId),
    targets,
  );
  const plan = planAdjustments(stockable, quants, targets);
  sink.unchanged += plan.unchanged.length;
  if (opts.dryRun || !plan.adjustments.length) {
    sink.updated += plan.changed.length;
    return;
  }
  const failed = await adjust(ctx, sink, plan.adjustments, names);
  const byVariant = new Map(stockable.map((w) => [w.bcVariantId, w.bcProductId]));
  sink.updated += plan.changed.filter((v) => !failed.has(byVariant.get(v)!)).length;
}

/**
 * BigCommerce variant id → product.product id, read from the binder's external ids in one
 * call (as the product importer's archiving does). No existence check: the inventory run's
 * product check reads the records anyway, and a dangling id fails its product at `create`.
 */
async function variantBindings(ctx: ImportContext, variantIds: number[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const names = variantIds.map((v) => ctx.binder.name('variant', v));
  for (let i = 0; i < names.length; i += 1000) {
    const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
      'ir.model.data',
      [
        ['module', '=', ctx.binder.module],
        ['model', '=', 'product.product'],
        ['name', 'in', names.slice(i, i + 1000)],
      ],
      ['name', 'res_id'],
    );
    for (const r of rows) if (r.res_id) out.set(r.name.slice('variant_'.length), r.res_id);
  }
  return out;
}

async function readItems(
  ctx: ImportContext,
  sink: StockSink,
  productIds: number[],
  invalid: Set<number>,
): Promise<BcInventoryItem[]> {
  const { records, errors } = await ctx.bc.inventoryItems({ productIds }).all();
  for (const e of errors) {
    if (typeof e.recordId === 'number') invalid.add(e.recordId);
    await sink.fail(E, `variant ${e.recordId ?? '?'}`, e);
  }
  return records;
}

/** Products Odoo cannot hold stock for the way bc-odoo sets it: warnings, left out. */
async function checkProducts(
  ctx: ImportContext,
  sink: StockSink,
  wanted: WantedStock[],
  names: ReadonlyMap<number, string>,
): Promise<WantedStock[]> {
  if (!wanted.length) return wanted;
  const storableField = ctx.caps.storableField;
  const typeField = ctx.caps.productTypeField;
  const rows = await ctx.odoo.searchRead<Record<string, unknown> & { id: number; tracking?: string }>(
    'product.product',
    [['id', 'in', [...new Set(wanted.map((w) => w.productId))]]],
    ['tracking', storableField ?? typeField],
    { context: { active_test: false } },
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const bad = new Map<number, string>();
  for (const w of wanted) {
    const r = byId.get(w.productId);
    if (!r) {
      bad.set(w.bcProductId, 'the product was deleted in Odoo; run `bc-odoo import products` to create it again');
      continue;
    }
    const storable = storableField ? r[storableField] === true : r[typeField] === 'product';
    if (!storable)
      bad.set(
        w.bcProductId,
        'the product is not storable in Odoo (its stock is not tracked there); run `bc-odoo import products` to update it',
      );
    else if (r.tracking && r.tracking !== 'none')
      bad.set(
        w.bcProductId,
        `Odoo tracks the product by ${r.tracking === 'lot' ? 'lots' : 'serial numbers'}; bc-odoo does not choose lots, so set its stock in Odoo`,
      );
  }
  for (const [id, message] of bad) await sink.warn(E, id, message, names.get(id));
  const kept = wanted.filter((w) => !bad.has(w.bcProductId));
  sink.skipped += wanted.length - kept.length;
  return kept;
}
