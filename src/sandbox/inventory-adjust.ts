/**
 * What an inventory adjustment (PUT /v3/inventory/adjustments/absolute, POST …/relative) does
 * to a store, decided before anything is written: every item is resolved to a variant and a
 * location and checked, and the new on-hand counts are returned only when all items pass —
 * the documents say a rejected adjustment leaves stock unchanged (inventory-adjustments.mdx).
 *
 * The rules are inventory.v3.yml's and inventory-adjustments.mdx's:
 *  - an item is named by exactly one of `variant_id`, `product_id`, `sku` (the body schema);
 *  - a product tracked by product is adjusted by `product_id` (or its SKU), one tracked by
 *    variant by `variant_id` (or the variant's SKU): the other is refused with the spec's
 *    "tracked by product, please update stock by product id" error;
 *  - an untracked product (inventory_tracking `none`) takes the adjustment, but "inventory
 *    levels will not be tracked" (products_catalog.v3.yml): reads go on reporting it untracked
 *    (inventory_level 0) until tracking is turned on;
 *  - no level may exceed 2,147,483,647 at one location, a product's variants together
 *    included, and an absolute level is never negative;
 *  - an absolute adjustment never fails for lack of stock; a relative one fails when it would
 *    take stock below the safety stock, and needs an absolute adjustment first for an item
 *    that never had stock.
 */
import type { ProductRec, VariantRec } from './model.js';
import type { SandboxStore } from './store.js';

export const MAX_LEVEL = 2_147_483_647;

export interface AdjustmentItem {
  location_id: number;
  quantity: number;
  variant_id?: number | undefined;
  product_id?: number | undefined;
  sku?: string | undefined;
}

export interface StockWrite {
  variantId: number;
  locationId: number;
  onHand: number;
}

/** Refused as a whole; `messages` are the items' problems, in BigCommerce's wording where it has one. */
export class AdjustmentError extends Error {
  constructor(readonly messages: readonly string[]) {
    // The spec's example titles are the list of problems in brackets.
    super(`[${messages.join(', ')}]`);
    this.name = 'AdjustmentError';
  }
}

function identity(item: AdjustmentItem): string {
  if (item.variant_id !== undefined) return `variant_id ${item.variant_id}`;
  if (item.product_id !== undefined) return `product_id ${item.product_id}`;
  return `sku ${item.sku ?? ''}`;
}

/** The variant an item names (a product's base variant for `product_id`), or the reason it names none. */
function resolve(store: SandboxStore, item: AdjustmentItem): { variant: VariantRec; product: ProductRec } | string {
  if (item.variant_id !== undefined) {
    const variant = store.variants.get(item.variant_id);
    const product = variant && store.products.get(variant.productId);
    if (!variant || !product) return `Item with variant_id ${item.variant_id} was not found`;
    if (product.inventoryTracking === 'product')
      return `Item with variant_id ${item.variant_id} is tracked by product, please update stock by product id`;
    return { variant, product };
  }
  if (item.product_id !== undefined) {
    const product = store.products.get(item.product_id);
    if (!product) return `Item with product_id ${item.product_id} was not found`;
    const variant = product.baseVariantId === null ? undefined : store.variants.get(product.baseVariantId);
    if (product.inventoryTracking === 'variant' || !variant)
      return `Item with product_id ${item.product_id} is tracked by variant, please update stock by variant id`;
    return { variant, product };
  }
  const variant = store.variants.all().find((v) => v.sku === item.sku);
  const product = variant && store.products.get(variant.productId);
  if (!variant || !product) return `Item with sku ${item.sku ?? ''} was not found`;
  return { variant, product };
}

/**
 * The on-hand counts the items lead to, in item order (an item adjusted twice in one request:
 * absolute — the last count wins; relative — the differences add up). Throws AdjustmentError.
 */
export function planAdjustment(
  store: SandboxStore,
  mode: 'absolute' | 'relative',
  items: readonly AdjustmentItem[],
): StockWrite[] {
  const locations = store.locations.all();
  const problems: string[] = [];
  const next = new Map<string, StockWrite & { productId: number }>();
  for (const item of items) {
    const locIdx = locations.findIndex((l) => l.id === item.location_id);
    if (locIdx < 0) {
      problems.push(`Location with id ${item.location_id} was not found`);
      continue;
    }
    const found = resolve(store, item);
    if (typeof found === 'string') {
      problems.push(found);
      continue;
    }
    const { variant, product } = found;
    if (mode === 'relative' && !store.hasStockRecord(variant.id)) {
      problems.push(`Items with identity: [${identity(item)}] requires absolute adjustment before relative`);
      continue;
    }
    const key = `${variant.id}:${item.location_id}`;
    const row = store.stockOf(variant.id)[locIdx];
    const current = next.get(key)?.onHand ?? row?.onHand ?? 0;
    const onHand = mode === 'absolute' ? item.quantity : current + item.quantity;
    if (onHand < 0 && mode === 'absolute') {
      problems.push(`Item with ${identity(item)} cannot be set to a negative quantity`);
      continue;
    }
    if (mode === 'relative' && item.quantity < 0 && onHand < (row?.safetyStock ?? 0)) {
      problems.push(`Item with ${identity(item)} has insufficient stock at location ${item.location_id}`);
      continue;
    }
    if (onHand > MAX_LEVEL) {
      problems.push(`Item with ${identity(item)} exceeds the maximum inventory level of ${MAX_LEVEL}`);
      continue;
    }
    next.set(key, { variantId: variant.id, locationId: item.location_id, onHand, productId: product.id });
  }
  problems.push(...productTotalsOverLimit(store, next));
  if (problems.length > 0) throw new AdjustmentError(problems);
  return [...next.values()].map(({ variantId, locationId, onHand }) => ({ variantId, locationId, onHand }));
}

/** "The total inventory for a product cannot exceed 2,147,483,647 at a single location." */
function productTotalsOverLimit(
  store: SandboxStore,
  next: ReadonlyMap<string, StockWrite & { productId: number }>,
): string[] {
  const locations = store.locations.all();
  const checked = new Set<string>();
  const out: string[] = [];
  for (const w of next.values()) {
    const key = `${w.productId}:${w.locationId}`;
    if (checked.has(key)) continue;
    checked.add(key);
    const idx = locations.findIndex((l) => l.id === w.locationId);
    const product = store.products.get(w.productId) as ProductRec;
    const total = product.variantIds.reduce(
      (n, vid) => n + (next.get(`${vid}:${w.locationId}`)?.onHand ?? store.stockOf(vid)[idx]?.onHand ?? 0),
      0,
    );
    if (total > MAX_LEVEL)
      out.push(
        `Product ${w.productId} exceeds the maximum inventory level of ${MAX_LEVEL} at location ${w.locationId}`,
      );
  }
  return out;
}
