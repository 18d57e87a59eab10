/**
 * `bc-odoo export inventory` (stock master Odoo): Odoo's quantities of the bound, storable
 * variants → BigCommerce's absolute levels per mapped location, only where they differ from
 * what BigCommerce last accepted (x_bc_stock_sent on the variant, written only after
 * BigCommerce accepted: the "done" marker). Which variants: those whose stock moved since the
 * cursor (stock.move, stock.quant write_date, minus the overlap) and those never sent; all of
 * them on the first run or with `--full`; `--id` names BigCommerce variant ids.
 *
 * Odoo calls, per 500 candidate variants: the variants (1), their quantity per target Odoo
 * location (1 each: product.product search_read with the location in the context), the
 * products' bindings (1, only for variants to send), and when BigCommerce accepted, one `load`
 * of what was sent. Once per run: the changed products (2), the never-sent ones (1), the
 * variant bindings (1 per 1,000), the locations (1–2). BigCommerce: the products of the
 * variants to send (their tracking; one request per 250), and setInventoryLevels (one request
 * per 2,000 levels). A run with nothing to send makes no BigCommerce request.
 */
import { ConfigError } from '../../config/index.js';
import { odooDatetime } from '../../odoo/operation-log.js';
import type { ImportContext } from '../context.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import { stockPlan } from '../inventory/mapper.js';
import { openStock } from '../inventory/locations.js';
import { exportTargets, formatSent, parseSent, planInventory, type Tracking, type VariantStock } from './planner.js';

export const E = 'export_inventory';
/** BigCommerce's default location (every store has it; it cannot be deleted) */
export const BC_DEFAULT_LOCATION = 1;
const CHUNK = 500;
/** x_bc_stock_sent of a variant BigCommerce does not track: not asked about again (but with --full or --id) */
const UNTRACKED = 'untracked';
const QUANTITY_FIELD = { free: 'free_qty', on_hand: 'qty_available', forecast: 'virtual_available' } as const;

export const inventoryExporter: EntityImporter = {
  entity: E,
  operation: 'export',
  incremental: true,
  async run(ctx, tally, opts) {
    requireOdooMaster(ctx);
    const startedAt = new Date();
    const targets = await exportLocations(ctx);
    const bound = await candidateVariants(ctx, opts.ids, opts.full ? undefined : opts.from);
    const before = tally.failed;
    for (let i = 0; i < bound.length; i += CHUNK) {
      ctx.signal?.throwIfAborted();
      await exportChunk(ctx, tally, targets, bound.slice(i, i + CHUNK), {
        dryRun: !!opts.dryRun,
        full: !!opts.full || !!opts.ids?.length,
      });
      opts.onProgress?.(tally);
    }
    // A level BigCommerce did not accept is sent again by the next run: the cursor stays.
    return { cursor: tally.failed > before ? undefined : startedAt.toISOString() };
  },
};

/** `export inventory` makes sense only with Odoo as stock master: otherwise a usage mistake (exit 2). */
export function requireOdooMaster(ctx: ImportContext): void {
  if ((ctx.instance.stock?.master ?? 'bigcommerce') !== 'odoo')
    throw new ConfigError(`instance ${ctx.instance.name}`, [
      {
        path: `instances[${ctx.instance.name}].stock.master`,
        message:
          "is bigcommerce: BigCommerce holds the stock and it is imported into Odoo; set stock.master: odoo to export Odoo's stock to BigCommerce",
      },
    ]);
}

/** BigCommerce location id → the Odoo location whose stock it gets. */
async function exportLocations(ctx: ImportContext): Promise<Map<number, number>> {
  const setup = await openStock(ctx);
  const fallback = setup.mapped.size ? undefined : { odoo: await setup.defaultTarget(), bc: BC_DEFAULT_LOCATION };
  const t = exportTargets(setup.mapped, fallback);
  if (!t.ok)
    throw new ConfigError(`instance ${ctx.instance.name}`, [
      { path: `instances[${ctx.instance.name}].inventory.locations`, message: t.problem },
    ]);
  return t.targets;
}

interface Bound {
  odooId: number;
  bcVariantId: number;
}

/**
 * The bound variants to look at: by BigCommerce id (`ids`), those whose stock moved since
 * `from` or that were never sent, or (no `from`) every bound variant.
 */
async function candidateVariants(ctx: ImportContext, ids: readonly number[] | undefined, from: Date | undefined) {
  if (ids?.length) {
    const found = await ctx.binder.resolve('variant', ids);
    return [...found].map(([bc, odooId]) => ({ odooId, bcVariantId: Number(bc) }));
  }
  let productIds: number[] | undefined;
  if (from) {
    const since = odooDatetime(from);
    const [moves, quants, unsent] = await Promise.all([
      ctx.odoo.searchRead<{ product_id: [number, string] }>(
        'stock.move',
        [['write_date', '>=', since]],
        ['product_id'],
      ),
      ctx.odoo.searchRead<{ product_id: [number, string] }>(
        'stock.quant',
        [['write_date', '>=', since]],
        ['product_id'],
      ),
      ctx.odoo.search('product.product', [['x_bc_stock_sent', '=', false], ...storableDomain(ctx)]),
    ]);
    productIds = [...new Set([...moves, ...quants].map((r) => r.product_id[0]).concat(unsent))];
    if (!productIds.length) return [];
  }
  const domain: unknown[] = [
    ['module', '=', ctx.binder.module],
    ['model', '=', 'product.product'],
    ['name', '=like', 'variant\\_%'],
  ];
  if (productIds) domain.push(['res_id', 'in', productIds]);
  const rows = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    domain,
    ['name', 'res_id'],
    {
      order: 'res_id',
    },
  );
  return rows
    .map((r) => ({ odooId: r.res_id, bcVariantId: Number(r.name.slice('variant_'.length)) }))
    .filter((b) => b.odooId > 0 && Number.isInteger(b.bcVariantId));
}

function storableDomain(ctx: ImportContext): unknown[] {
  return Object.entries(ctx.caps.storableValue).map(([k, v]) => [k, '=', v]);
}

interface VariantRow {
  id: number;
  display_name: string;
  product_tmpl_id: [number, string];
  x_bc_stock_sent: string | false;
  [field: string]: unknown;
}

async function exportChunk(
  ctx: ImportContext,
  tally: Tally,
  targets: ReadonlyMap<number, number>,
  chunk: Bound[],
  { dryRun, full }: { dryRun: boolean; full: boolean },
): Promise<void> {
  const qtyField = QUANTITY_FIELD[ctx.instance.stock?.exportQuantity ?? 'free'];
  const storable = Object.keys(ctx.caps.storableValue);
  const ids = chunk.map((b) => b.odooId);
  const rows = await ctx.odoo.searchRead<VariantRow>(
    'product.product',
    [['id', 'in', ids]],
    ['display_name', 'product_tmpl_id', 'x_bc_stock_sent', ...storable],
    { context: { active_test: false } },
  );
  const quantities = new Map<number, Map<number, number>>(); // odoo id → bc location → qty
  for (const [bcLocation, odooLocation] of targets) {
    const q = await ctx.odoo.searchRead<{ id: number; [f: string]: number }>(
      'product.product',
      [['id', 'in', ids]],
      [qtyField],
      { context: { location: odooLocation, active_test: false } },
    );
    for (const r of q) {
      const m = quantities.get(r.id) ?? new Map<number, number>();
      m.set(bcLocation, Number(r[qtyField] ?? 0));
      quantities.set(r.id, m);
    }
  }
  const bcOf = new Map(chunk.map((b) => [b.odooId, b.bcVariantId]));
  const stock = (row: VariantRow, tracking: Tracking, bcProductId: number): VariantStock => ({
    odooId: row.id,
    bcVariantId: bcOf.get(row.id)!,
    bcProductId,
    name: row.display_name,
    tracking,
    storable: storable.every((f) => row[f] === ctx.caps.storableValue[f]),
    quantities: quantities.get(row.id) ?? new Map(),
    sent: parseSent(row.x_bc_stock_sent),
  });
  // First as if BigCommerce tracked every variant: only those that would change need its word.
  // Variants BigCommerce does not track (a consumable in Odoo, or found untracked before) are
  // left alone and counted as skipped; --full asks BigCommerce again about the latter.
  const known = rows.filter((r) => full || r.x_bc_stock_sent !== UNTRACKED);
  tally.skipped += rows.length - known.length;
  const rough = planInventory(known.map((r) => stock(r, 'variant', 0)));
  tally.unchanged += rough.unchanged.length;
  tally.skipped += rough.skipped.length;
  if (!rough.changed.length) return;
  const changedRows = rows.filter((r) => rough.sent.has(r.id));
  const tracking = await bcTracking(ctx, tally, changedRows, bcOf);
  const plan = planInventory(
    changedRows.map((r) => stock(r, tracking.get(r.id)?.tracking ?? 'missing', tracking.get(r.id)?.bcProductId ?? 0)),
  );
  tally.unchanged += plan.unchanged.length;
  for (const s of plan.skipped) {
    tally.skipped++;
    if (s.reason === 'not_in_bigcommerce')
      await tally.warn(
        E,
        s.bcVariantId,
        'BigCommerce no longer has this variant: run `bc-odoo import products`',
        s.name,
      );
    else if (s.reason === 'unsupported')
      await tally.warn(
        E,
        s.bcVariantId,
        'BigCommerce tracks its product by product but it has several variants: not sent',
        s.name,
      );
  }
  // Untracked in BigCommerce: left alone, and remembered as such so later runs do not ask again.
  const untracked = plan.skipped.filter((s) => s.reason === 'untracked');
  if (!dryRun && untracked.length) await writeSent(ctx, new Map(untracked.map((s) => [s.odooId, UNTRACKED])));
  if (!plan.items.length) return;
  if (dryRun) {
    tally.updated += plan.changed.length;
    return;
  }
  try {
    await ctx.bc.setInventoryLevels(plan.items, { reason: 'Odoo stock (bc-odoo export inventory)' });
  } catch (err) {
    for (const id of plan.changed) await tally.fail(E, bcOf.get(id)!, err, rows.find((r) => r.id === id)?.display_name);
    return;
  }
  await writeSent(ctx, plan.sent);
  tally.updated += plan.changed.length;
}

/** odoo variant id → how BigCommerce tracks it and its product id (absent: BigCommerce has no such variant). */
async function bcTracking(
  ctx: ImportContext,
  tally: Tally,
  rows: VariantRow[],
  bcOf: ReadonlyMap<number, number>,
): Promise<Map<number, { tracking: Tracking; bcProductId: number }>> {
  const out = new Map<number, { tracking: Tracking; bcProductId: number }>();
  const tmplIds = [...new Set(rows.map((r) => r.product_tmpl_id[0]))];
  const bindings = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'product.template'],
      ['res_id', 'in', tmplIds],
      ['name', '=like', 'product\\_%'],
    ],
    ['name', 'res_id'],
  );
  const productIds = [...new Set(bindings.map((b) => Number(b.name.slice('product_'.length))))].filter(
    Number.isInteger,
  );
  if (!productIds.length) return out;
  const byVariant = new Map<number, { tracking: Tracking; bcProductId: number }>();
  for await (const page of ctx.bc.products({ ids: productIds, include: ['variants'] })) {
    for (const err of page.errors)
      await tally.warn(E, err.recordId ?? '?', `BigCommerce sent a product that cannot be read: ${err.message}`);
    for (const p of page.records) {
      const sp = stockPlan(p);
      const tracking: Tracking = sp.kind === 'tracked' ? sp.level : sp.kind === 'untracked' ? 'none' : 'unsupported';
      for (const v of p.variants ?? []) byVariant.set(v.id, { tracking, bcProductId: p.id });
    }
  }
  for (const r of rows) {
    const t = byVariant.get(bcOf.get(r.id)!);
    if (t) out.set(r.id, t);
  }
  return out;
}

/** x_bc_stock_sent of each variant, in one `load`. */
async function writeSent(
  ctx: ImportContext,
  sent: ReadonlyMap<number, Record<string, number> | typeof UNTRACKED>,
): Promise<void> {
  if (!sent.size) return;
  const res = await ctx.odoo.load(
    'product.product',
    ['.id', 'x_bc_stock_sent'],
    [...sent].map(([id, s]) => [String(id), s === UNTRACKED ? s : formatSent(s)]),
  );
  if (res.ids === false)
    throw new Error(
      `BigCommerce accepted the levels but Odoo did not record them: ${res.messages.map((m) => m.message).join('; ')}`,
    );
}
