/**
 * Odoo's side of a stock page: the quants at the target locations (1 read, plus one per run to
 * place sub-locations under several targets), and the adjustment itself — counted quantities
 * created in inventory mode, then one applied inventory for the batch, split around the
 * products Odoo refuses.
 */
import type { ImportContext } from '../context.js';
import { OdooError } from '../../odoo/errors.js';
import { attributeLocations, type Adjustment, type QuantRow } from './mapper.js';
import { E, type StockSetup } from './locations.js';
import type { StockSink } from './stock-page.js';

const INVENTORY_MODE = { inventory_mode: true };

export async function readQuants(
  ctx: ImportContext,
  setup: StockSetup,
  productIds: number[],
  targets: number[],
): Promise<QuantRow[]> {
  type Row = {
    id: number;
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
      id: r.id,
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
export async function adjust(
  ctx: ImportContext,
  sink: StockSink,
  adjustments: Adjustment[],
  names: ReadonlyMap<number, string>,
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
      const counted = [...quantIds, ...(await zeroSiblings(ctx, rows, quantIds))];
      const res = await ctx.odoo.callRecords<unknown>(
        'stock.quant',
        counted,
        'action_apply_inventory',
        {},
        {
          context: INVENTORY_MODE,
        },
      );
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
        if (quantIds.length) await clearCounts(ctx, withSiblings(rows, quantIds));
        const mid = Math.ceil(groups.length / 2);
        await attempt(groups.slice(0, mid));
        await attempt(groups.slice(mid));
        return;
      }
      if (quantIds.length) await clearCounts(ctx, withSiblings(rows, quantIds));
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

/** The plain quants at each row's target that Odoo did not count on (mapper.ts, plainQuantIds). */
function siblingsOf(rows: readonly Adjustment[], counted: readonly number[]): number[] {
  return rows.flatMap((a, i) => a.plainQuantIds.filter((id) => id !== counted[i]));
}

function withSiblings(rows: readonly Adjustment[], counted: readonly number[]): number[] {
  return [...counted, ...siblingsOf(rows, counted)];
}

/** Counts the siblings to zero (1 call, only when Odoo holds a product in several plain quants there). */
async function zeroSiblings(ctx: ImportContext, rows: readonly Adjustment[], counted: number[]): Promise<number[]> {
  const siblings = siblingsOf(rows, counted);
  if (siblings.length)
    await ctx.odoo.write('stock.quant', siblings, { inventory_quantity: 0 }, { context: INVENTORY_MODE });
  return siblings;
}

/** Leaves no half-done count behind in Odoo's Physical Inventory (best effort). */
async function clearCounts(ctx: ImportContext, quantIds: number[]): Promise<void> {
  await ctx.odoo
    .callRecords('stock.quant', quantIds, 'action_clear_inventory_quantity', {}, { context: INVENTORY_MODE })
    .catch(() => undefined);
}
