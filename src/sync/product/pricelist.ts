/**
 * Variant prices Odoo's template + extras model cannot express (pricing.ts) become fixed-price
 * items in one pricelist per store, "BigCommerce <store> (<currency>)". Items are bound as
 * `variant_price_<variant id>`; items of re-imported products that are no longer needed go.
 */
import type { ImportContext } from '../context.js';
import { RecordFailure } from '../failure.js';
import type { Tally } from '../tally.js';

export async function ensureStorePricelist(ctx: ImportContext): Promise<number> {
  const existing = await ctx.binder.resolveOne('pricelist', 'store');
  if (existing !== undefined) return existing;
  const code = ctx.store.currency;
  const [currency] = await ctx.odoo.searchRead<{ id: number }>(
    'res.currency',
    [
      ['name', '=', code],
      ['active', 'in', [true, false]],
    ],
    ['id'],
    { limit: 1 },
  );
  if (!currency) throw new Error(`currency ${code} (the store's default) does not exist in Odoo`);
  const res = await ctx.binder.upsert('pricelist', 'product.pricelist', [
    {
      bcId: 'store',
      values: { name: `BigCommerce ${ctx.store.name} (${code})`, currency_id: currency.id },
    },
  ]);
  const id = res.created.get('store') ?? res.updated.get('store');
  if (id === undefined) throw new Error(`could not create the store pricelist: ${res.failed[0]?.error.message}`);
  return id;
}

/** A variant's own price: a fixed-price item of the store pricelist. */
export interface FixedPrice {
  variantId: number;
  /** the BigCommerce product, which a failure is reported against */
  bcProductId: number;
  /** product.product id */
  productId: number;
  tmplId: number;
  price: number;
}

export async function storePricelist(
  ctx: ImportContext,
  tally: Tally,
  templateIds: number[],
  fixed: FixedPrice[],
): Promise<void> {
  const pricelistId = fixed.length
    ? await ensureStorePricelist(ctx)
    : await ctx.binder.resolveOne('pricelist', 'store');
  if (pricelistId === undefined) return;
  let keep = new Set<number>();
  if (fixed.length) {
    const res = await ctx.binder.upsert(
      'variant_price',
      'product.pricelist.item',
      fixed.map((f) => ({
        bcId: f.variantId,
        values: {
          pricelist_id: pricelistId,
          applied_on: '0_product_variant',
          product_tmpl_id: f.tmplId,
          product_id: f.productId,
          compute_price: 'fixed',
          fixed_price: f.price,
          min_quantity: 0,
        },
      })),
    );
    const productOf = new Map(fixed.map((f) => [String(f.variantId), f.bcProductId]));
    for (const fl of res.failed)
      await tally.fail(
        'products',
        productOf.get(fl.bcId) ?? fl.bcId,
        new RecordFailure('odoo_refused', `price of variant ${fl.bcId}: ${fl.error.message}`),
      );
    keep = new Set([...res.created.values(), ...res.updated.values()]);
  }
  const existing = await ctx.odoo.search('product.pricelist.item', [
    ['pricelist_id', '=', pricelistId],
    ['product_tmpl_id', 'in', templateIds],
  ]);
  const stale = existing.filter((id) => !keep.has(id));
  if (stale.length) await ctx.odoo.unlink('product.pricelist.item', stale);
}
