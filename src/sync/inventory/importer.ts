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
import type { BcInventoryItem, BcProduct } from '../../bigcommerce/schemas.js';
import type { OdooLocationRef } from '../../config/load.js';
import { OdooError } from '../../odoo/errors.js';
import type { ImportContext } from '../context.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import {
  attributeLocations,
  catalogLevels,
  enabledLocations,
  locationLevels,
  planAdjustments,
  stockPlan,
  type Adjustment,
  type QuantRow,
  type WantedStock,
} from './mapper.js';

const E = 'inventory';
const INVENTORY_MODE = { inventory_mode: true };

/** A mapped Odoo location that does not exist, or no warehouse to default to: the run cannot start. */
export class InventoryLocationError extends Error {
  override readonly name = 'InventoryLocationError';
}

export const inventoryImporter: EntityImporter = {
  entity: 'inventory',
  incremental: false,
  async run(ctx, tally, opts) {
    const setup = await openStock(ctx);
    if (setup.perLocation) await checkBcLocations(ctx, tally, setup);
    const seen = new Set<number>();
    for await (const page of ctx.bc.products({ ids: opts.ids, include: ['variants'], sort: 'id' })) {
      for (const e of page.errors) await tally.fail(E, e.recordId ?? '?', e);
      for (const p of page.records) seen.add(p.id);
      await syncStock(ctx, setup, tally, page.records, { dryRun: opts.dryRun, report: true });
      opts.onProgress?.(tally);
    }
    for (const id of opts.ids ?? [])
      if (!seen.has(id)) await tally.fail(E, id, new Error(`product ${id} does not exist in BigCommerce`));
    return {};
  },
};

// ---- the product importer's hook --------------------------------------------------------------

const perRun = new WeakMap<Tally, Promise<StockSetup | undefined>>();

/**
 * Sets the stock of a page of products the product importer has just read (their stock sits
 * in the payload; with a location mapping, one inventory-items request per 100 products).
 * Counts stay the product run's own; failures are reported as `inventory`, so they do not
 * hold the product cursor back, and a bad location mapping is reported once and stock left
 * alone for the run. Nothing on a dry run.
 */
export async function syncProductStock(
  ctx: ImportContext,
  tally: Tally,
  products: readonly BcProduct[],
  opts: { dryRun?: boolean } = {},
): Promise<void> {
  if (opts.dryRun || !products.some((p) => stockPlan(p).kind === 'tracked')) return;
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
  const counts = { updated: 0, unchanged: 0, skipped: 0, fail: tally.fail.bind(tally), warn: tally.warn.bind(tally) };
  await syncStock(ctx, s, counts, products, { report: false });
}

// ---- locations --------------------------------------------------------------------------------

export interface StockSetup {
  /** a location mapping is configured: stock is read per BigCommerce location */
  readonly perLocation: boolean;
  /** BigCommerce location id → Odoo location id */
  readonly mapped: ReadonlyMap<number, number>;
  /** where unmapped BigCommerce locations go (looked up on first use) */
  defaultTarget(): Promise<number>;
  /** Odoo location id → its full name, for messages */
  readonly names: Map<number, string>;
  /** cached location → target attribution per set of targets */
  readonly attribution: Map<string, Promise<Map<number, number>>>;
}

interface LocationRow {
  id: number;
  complete_name: string;
  usage: string;
}

/** Resolves the configured Odoo locations, failing with every problem at once. */
export async function openStock(ctx: ImportContext): Promise<StockSetup> {
  const cfg = ctx.instance.inventory;
  const refs: { key: string; ref: OdooLocationRef }[] = [...cfg.locations].map(([bc, ref]) => ({
    key: `locations.${bc}`,
    ref,
  }));
  if (cfg.defaultLocation !== undefined) refs.push({ key: 'default_location', ref: cfg.defaultLocation });
  const names = new Map<number, string>();
  const resolved = new Map<string, number>();
  if (refs.length) {
    const ids = refs.map((r) => r.ref).filter((r): r is number => typeof r === 'number');
    const full = refs.map((r) => r.ref).filter((r): r is string => typeof r === 'string');
    const rows = await ctx.odoo.searchRead<LocationRow>(
      'stock.location',
      ['|', ['id', 'in', ids], ['complete_name', 'in', full]],
      ['complete_name', 'usage'],
    );
    const problems: string[] = [];
    for (const { key, ref } of refs) {
      const hits = rows.filter((r) => (typeof ref === 'number' ? r.id === ref : r.complete_name === ref));
      const where = `instances[${ctx.instance.name}].inventory.${key}`;
      if (hits.length === 0)
        problems.push(
          `${where}: Odoo has no location ${typeof ref === 'number' ? `with id ${ref}` : `"${ref}"`} (or it is archived); create it in Odoo (Inventory → Configuration → Locations) or fix the mapping`,
        );
      else if (hits.length > 1)
        problems.push(
          `${where}: "${ref}" names ${hits.length} Odoo locations (ids ${hits.map((h) => h.id).join(', ')}); use the id`,
        );
      else if (hits[0]!.usage !== 'internal')
        problems.push(
          `${where}: Odoo location "${hits[0]!.complete_name}" is of type ${hits[0]!.usage}; stock can only be held in an internal location`,
        );
      else {
        resolved.set(key, hits[0]!.id);
        names.set(hits[0]!.id, hits[0]!.complete_name);
      }
    }
    if (problems.length) throw new InventoryLocationError(`inventory location mapping: ${problems.join('; ')}`);
  }
  const mapped = new Map([...cfg.locations.keys()].map((bc) => [bc, resolved.get(`locations.${bc}`)!]));
  let fallback: Promise<number> | undefined = resolved.has('default_location')
    ? Promise.resolve(resolved.get('default_location')!)
    : undefined;
  const defaultTarget = () => {
    fallback ??= mainStockLocation(ctx, names);
    return fallback;
  };
  return { perLocation: cfg.locations.size > 0, mapped, defaultTarget, names, attribution: new Map() };
}

/** The stock location of the first warehouse by sequence. */
async function mainStockLocation(ctx: ImportContext, names: Map<number, string>): Promise<number> {
  const [wh] = await ctx.odoo.searchRead<{ id: number; name: string; lot_stock_id: [number, string] | false }>(
    'stock.warehouse',
    [],
    ['name', 'lot_stock_id'],
    { limit: 1, order: 'sequence, id' },
  );
  if (!wh || !wh.lot_stock_id) {
    throw new InventoryLocationError(
      `Odoo has no warehouse with a stock location to put BigCommerce's stock in; create a warehouse, or set instances[${ctx.instance.name}].inventory.default_location`,
    );
  }
  names.set(wh.lot_stock_id[0], wh.lot_stock_id[1]);
  return wh.lot_stock_id[0];
}

/** Mapped BigCommerce locations that do not exist or are disabled: warnings, once per run. */
async function checkBcLocations(ctx: ImportContext, tally: Tally, setup: StockSetup): Promise<void> {
  const { records } = await ctx.bc.locations().all();
  const byId = new Map(records.map((l) => [l.id, l]));
  for (const bc of setup.mapped.keys()) {
    const l = byId.get(bc);
    if (!l)
      await tally.warn(
        E,
        `location ${bc}`,
        `the configuration maps BigCommerce location ${bc}, which the store does not have`,
      );
    else if (!l.enabled)
      await tally.warn(
        E,
        `location ${bc}`,
        `BigCommerce location ${bc} (${l.label}) is disabled: its stock is ignored`,
      );
  }
}

// ---- one page ---------------------------------------------------------------------------------

/** Where counts, failures and warnings go: the run's tally, or the product run's quiet stand-in. */
export interface StockSink {
  updated: number;
  unchanged: number;
  skipped: number;
  fail(entity: string, bcId: string | number, error: unknown, name?: string): Promise<void>;
  warn(entity: string, bcId: string | number, message: string, name?: string): Promise<void>;
}

interface SyncOptions {
  dryRun?: boolean;
  /** the inventory run: count skips, warn about products not imported, check products first */
  report: boolean;
}

interface Tracked {
  product: BcProduct;
  variantIds: number[];
  levels?: Map<number, number>;
}

export async function syncStock(
  ctx: ImportContext,
  setup: StockSetup,
  sink: StockSink,
  products: readonly BcProduct[],
  opts: SyncOptions,
): Promise<void> {
  // 1. Which variants carry stock.
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
  if (!tracked.length) return;

  // 2. How much of each, at which Odoo location.
  const levels = new Map<number, ReadonlyMap<number, number>>();
  const invalid = new Set<number>();
  let targets: number[];
  if (setup.perLocation) {
    const got = await readItems(
      ctx,
      sink,
      tracked.map((t) => t.product.id),
      invalid,
    );
    const route = new Map<number, number>();
    for (const bc of enabledLocations(got)) route.set(bc, setup.mapped.get(bc) ?? (await setup.defaultTarget()));
    for (const [variantId, byLoc] of locationLevels(got, route)) levels.set(variantId, byLoc);
    targets = [...new Set(route.values())];
  } else {
    const target = await setup.defaultTarget();
    for (const t of tracked) for (const [v, q] of t.levels!) levels.set(v, new Map([[target, q]]));
    targets = [target];
  }

  // 3. The Odoo variants: 1 read (+1 check in the inventory run).
  const bound = await variantBindings(
    ctx,
    tracked.flatMap((t) => t.variantIds),
  );
  const wanted: WantedStock[] = [];
  const names = new Map(tracked.map((t) => [t.product.id, t.product.name]));
  for (const t of tracked) {
    const missing = t.variantIds.filter((v) => !bound.has(String(v)));
    if (missing.length === t.variantIds.length) {
      if (opts.report) {
        sink.skipped += missing.length;
        await sink.warn(
          E,
          t.product.id,
          'the product is not in Odoo; run `bc-odoo import products` first',
          t.product.name,
        );
      }
      continue;
    }
    if (missing.length && opts.report) {
      sink.skipped += missing.length;
      await sink.warn(
        E,
        t.product.id,
        `variants ${missing.join(', ')} are not in Odoo; run \`bc-odoo import products\``,
        t.product.name,
      );
    }
    for (const v of t.variantIds) {
      const productId = bound.get(String(v));
      const byLoc = levels.get(v);
      if (productId === undefined) continue;
      if (!byLoc) {
        // Never zero a variant BigCommerce said nothing about (an invalid item is already a failure).
        if (invalid.has(v)) continue;
        if (opts.report) sink.skipped++;
        await sink.warn(
          E,
          t.product.id,
          `variant ${v} has no inventory record in BigCommerce; its stock is left as it is`,
          t.product.name,
        );
        continue;
      }
      wanted.push({ bcVariantId: v, bcProductId: t.product.id, productId, levels: byLoc });
    }
  }
  const stockable = opts.report ? await checkProducts(ctx, sink, wanted, names) : wanted;
  if (!stockable.length) return;

  // 4. What Odoo holds now: 1 read (+1 per run to place sub-locations under several targets).
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

  // 5. Counted quantities, then one applied adjustment for the batch.
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
  names: Map<number, string>,
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

async function readQuants(
  ctx: ImportContext,
  setup: StockSetup,
  productIds: number[],
  targets: number[],
): Promise<QuantRow[]> {
  type Row = {
    product_id: [number, string];
    location_id: [number, string];
    quantity: number;
    lot_id: unknown;
    package_id: unknown;
    owner_id: unknown;
  };
  if (!targets.length || !productIds.length) return [];
  const [rows, owner] = await Promise.all([
    ctx.odoo.searchRead<Row>(
      'stock.quant',
      [
        ['product_id', 'in', productIds],
        ['location_id', 'child_of', targets],
      ],
      ['product_id', 'location_id', 'quantity', 'lot_id', 'package_id', 'owner_id'],
    ),
    targets.length > 1 ? attribution(ctx, setup, targets) : Promise.resolve(undefined),
  ]);
  const out: QuantRow[] = [];
  for (const r of rows) {
    const target = owner ? owner.get(r.location_id[0]) : targets[0];
    if (target === undefined) continue;
    out.push({
      productId: r.product_id[0],
      target,
      locationId: r.location_id[0],
      quantity: r.quantity,
      plain: !r.lot_id && !r.package_id && !r.owner_id,
    });
  }
  return out;
}

function attribution(ctx: ImportContext, setup: StockSetup, targets: number[]): Promise<Map<number, number>> {
  const key = [...targets].sort((a, b) => a - b).join(',');
  let p = setup.attribution.get(key);
  if (!p) {
    p = ctx.odoo
      .searchRead<{ id: number; parent_path: string }>(
        'stock.location',
        [['id', 'child_of', targets]],
        ['parent_path'],
        { context: { active_test: false } },
      )
      .then((rows) => attributeLocations(rows, targets));
    p.catch(() => setup.attribution.delete(key));
    setup.attribution.set(key, p);
  }
  return p;
}

/**
 * Writes the counted quantities (stock.quant `create` in inventory mode finds the existing
 * quant or makes one) and applies them in one `action_apply_inventory`. A refused batch is
 * split by product down to the products Odoo refuses; returns those (BigCommerce ids).
 */
async function adjust(
  ctx: ImportContext,
  sink: StockSink,
  adjustments: Adjustment[],
  names: Map<number, string>,
): Promise<Set<number>> {
  const failed = new Set<number>();
  const byProduct = new Map<number, Adjustment[]>();
  for (const a of adjustments) byProduct.set(a.bcProductId, [...(byProduct.get(a.bcProductId) ?? []), a]);
  const attempt = async (groups: Adjustment[][]): Promise<void> => {
    const rows = groups.flat();
    let quantIds: number[] = [];
    try {
      quantIds = await ctx.odoo.create(
        'stock.quant',
        rows.map((a) => ({
          product_id: a.productId,
          location_id: a.locationId,
          inventory_quantity: a.inventoryQuantity,
        })),
        { context: INVENTORY_MODE },
      );
      const res = await ctx.odoo.call<unknown>('stock.quant', 'action_apply_inventory', [quantIds], {
        context: INVENTORY_MODE,
      });
      // A returned action is a wizard (a conflicting count, lots to choose): nothing was applied.
      if (res && typeof res === 'object') {
        const title = (res as { name?: string }).name ?? (res as { res_model?: string }).res_model ?? 'a wizard';
        throw new AdjustmentRefused(
          `Odoo asks for confirmation ("${title}") before applying the inventory adjustment; the stock was changed or counted in Odoo meanwhile, or the product is tracked by lots: check it in Inventory → Physical Inventory`,
        );
      }
    } catch (err) {
      const recordSpecific =
        err instanceof AdjustmentRefused ||
        (err instanceof OdooError && ['validation', 'user', 'missing', 'server'].includes(err.kind));
      if (groups.length > 1 && recordSpecific) {
        if (quantIds.length) await clearCounts(ctx, quantIds);
        const mid = Math.ceil(groups.length / 2);
        await attempt(groups.slice(0, mid));
        await attempt(groups.slice(mid));
        return;
      }
      if (quantIds.length) await clearCounts(ctx, quantIds);
      for (const g of groups) {
        const id = g[0]!.bcProductId;
        failed.add(id);
        await sink.fail(E, id, err, names.get(id));
      }
    }
  };
  await attempt([...byProduct.values()]);
  return failed;
}

class AdjustmentRefused extends Error {}

/** Leaves no half-done count behind in Odoo's Physical Inventory (best effort). */
async function clearCounts(ctx: ImportContext, quantIds: number[]): Promise<void> {
  await ctx.odoo
    .call('stock.quant', 'action_clear_inventory_quantity', [quantIds], { context: INVENTORY_MODE })
    .catch(() => undefined);
}
