/**
 * Stock, decided apart from Odoo: which BigCommerce variants carry stock, how much of it each
 * Odoo location should hold, and the inventory adjustments that make Odoo's on-hand quantities
 * equal to that. Pure functions over data the importer has already read; no Odoo calls.
 *
 *   inventory_tracking  none     → no stock in Odoo (the product is a consumable there)
 *                       product  → the product's single variant holds the product's stock
 *                       variant  → every variant holds its own
 *
 * Quantities are BigCommerce's on hand (`total_inventory_onhand`, not available-to-sell), per
 * enabled location; disabled locations are ignored; BigCommerce locations mapped to one Odoo
 * location add up. Without a location mapping the whole store goes to one Odoo location, so
 * the catalog's per-variant `inventory_level` (the total of the enabled locations) is enough.
 */
import type { BcInventoryItem, BcProduct, BcVariant } from '../../bigcommerce/schemas.js';

/** What Odoo should do with one BigCommerce product's stock. */
export type StockPlan =
  | { kind: 'tracked'; level: 'product' | 'variant'; variants: BcVariant[] }
  /** no stock kept: not tracked in BigCommerce, or a digital product (a service in Odoo) */
  | { kind: 'untracked' }
  /** tracked, but not in a shape Odoo can hold; the reason is a warning */
  | { kind: 'unsupported'; reason: string };

export function stockPlan(p: BcProduct): StockPlan {
  const variants = p.variants ?? [];
  if (p.type === 'digital') return { kind: 'untracked' };
  if (p.inventory_tracking === 'variant') return { kind: 'tracked', level: 'variant', variants };
  if (p.inventory_tracking === 'product') {
    // BigCommerce keeps one number for the product; Odoo keeps stock per variant.
    if (variants.length !== 1) {
      return {
        kind: 'unsupported',
        reason: `tracks stock per product but has ${variants.length} variants; Odoo keeps stock per variant: set inventory tracking "by variant" in BigCommerce`,
      };
    }
    return { kind: 'tracked', level: 'product', variants };
  }
  return { kind: 'untracked' };
}

/** Catalog stock (single Odoo location): variant id → quantity. */
export function catalogLevels(p: BcProduct, plan: Extract<StockPlan, { kind: 'tracked' }>): Map<number, number> {
  const out = new Map<number, number>();
  for (const v of plan.variants) {
    const q = plan.level === 'product' ? (p.inventory_level ?? v.inventory_level) : v.inventory_level;
    out.set(v.id, Math.max(0, q ?? 0));
  }
  return out;
}

/** Ids of the enabled BigCommerce locations the items mention. */
export function enabledLocations(items: readonly BcInventoryItem[]): Set<number> {
  const out = new Set<number>();
  for (const i of items) for (const l of i.locations) if (l.location_enabled !== false) out.add(l.location_id);
  return out;
}

/**
 * Per-location stock: variant id → Odoo location id → quantity, from /v3/inventory/items.
 * `route` gives the Odoo location of an enabled BigCommerce location (every one the items
 * mention must be routable); disabled locations are skipped.
 */
export function locationLevels(
  items: readonly BcInventoryItem[],
  route: ReadonlyMap<number, number>,
): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const item of items) {
    const byLoc = out.get(item.identity.variant_id) ?? new Map<number, number>();
    out.set(item.identity.variant_id, byLoc);
    for (const l of item.locations) {
      if (l.location_enabled === false) continue;
      const target = route.get(l.location_id);
      if (target === undefined) throw new Error(`BigCommerce location ${l.location_id} has no Odoo location`);
      byLoc.set(target, (byLoc.get(target) ?? 0) + Math.max(0, l.total_inventory_onhand));
    }
  }
  return out;
}

/**
 * Which target each Odoo location counts towards: itself when it is a target, else its nearest
 * ancestor that is one (`parent_path` is Odoo's "1/7/12/" materialized path).
 */
export function attributeLocations(
  rows: readonly { id: number; parent_path: string }[],
  targets: readonly number[],
): Map<number, number> {
  const isTarget = new Set(targets);
  const out = new Map<number, number>();
  for (const r of rows) {
    const chain = r.parent_path.split('/').filter(Boolean).map(Number).reverse();
    const owner = chain.find((id) => isTarget.has(id));
    if (owner !== undefined) out.set(r.id, owner);
  }
  return out;
}

/** A quant as read from Odoo, attributed to the target location it counts towards. */
export interface QuantRow {
  id: number;
  productId: number;
  /** the target location (the quant may sit in a sub-location of it) */
  target: number;
  /** the quant's own location */
  locationId: number;
  quantity: number;
  /** no lot, package or owner: the quant an adjustment at the target writes */
  plain: boolean;
}

/** One BigCommerce variant and where Odoo should hold how much of it. */
export interface WantedStock {
  bcVariantId: number;
  bcProductId: number;
  /** product.product id */
  productId: number;
  /** target location → quantity; a target not listed should hold 0 */
  levels: ReadonlyMap<number, number>;
}

export interface Adjustment {
  bcVariantId: number;
  bcProductId: number;
  productId: number;
  locationId: number;
  /** counted quantity of the plain quant at the target, so that the target's total is right */
  inventoryQuantity: number;
  /**
   * The plain quants already at the target. Usually one; two when Odoo validated two moves of
   * the product at once (its `_update_available_quantity` makes a second quant rather than
   * wait for a locked one) or imported a count file, until its own merge. Odoo counts on one
   * of them, its choice: the others are counted to zero, or the total misses their quantity.
   */
  plainQuantIds: number[];
}

export interface AdjustmentPlan {
  adjustments: Adjustment[];
  /** BigCommerce variant ids whose Odoo stock changes */
  changed: number[];
  unchanged: number[];
}

const same = (a: number, b: number) => Math.abs(a - b) < 1e-6;

/**
 * The adjustments that make every target hold what BigCommerce says. The total at a target
 * counts every quant in it and its sub-locations (lots, packages, owners); the difference is
 * put on the plain quant at the target itself.
 */
export function planAdjustments(
  wanted: readonly WantedStock[],
  quants: readonly QuantRow[],
  targets: readonly number[],
): AdjustmentPlan {
  const total = new Map<string, number>();
  const plain = new Map<string, number>();
  const plainIds = new Map<string, number[]>();
  for (const q of quants) {
    const k = `${q.productId}:${q.target}`;
    total.set(k, (total.get(k) ?? 0) + q.quantity);
    if (q.plain && q.locationId === q.target) {
      plain.set(k, (plain.get(k) ?? 0) + q.quantity);
      plainIds.set(k, [...(plainIds.get(k) ?? []), q.id]);
    }
  }
  const plan: AdjustmentPlan = { adjustments: [], changed: [], unchanged: [] };
  for (const w of wanted) {
    let changed = false;
    for (const t of targets) {
      const k = `${w.productId}:${t}`;
      const want = w.levels.get(t) ?? 0;
      const have = total.get(k) ?? 0;
      if (same(want, have)) continue;
      changed = true;
      plan.adjustments.push({
        bcVariantId: w.bcVariantId,
        bcProductId: w.bcProductId,
        productId: w.productId,
        locationId: t,
        inventoryQuantity: (plain.get(k) ?? 0) + want - have,
        plainQuantIds: plainIds.get(k) ?? [],
      });
    }
    (changed ? plan.changed : plan.unchanged).push(w.bcVariantId);
  }
  return plan;
}
