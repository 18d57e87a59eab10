/**
 * What each order line sells in Odoo: the imported variant (by external id), else the product
 * by its SKU, else the product imported on the fly; a product BigCommerce no longer has goes on
 * the configured placeholder product, with its original name and SKU on the line. Shipping,
 * handling, wrapping, fees, discounts and adjustments use service products of their own
 * (service-products.ts).
 * Sale taxes are named and grouped as BigCommerce has them (sale-taxes.ts).
 */
import type { ImportContext } from '../context.js';
import { productImporter } from '../product/importer.js';
import { serviceProducts, type ServiceKey } from '../service-products.js';
import type { Tally } from '../tally.js';
import type { OrderLineSpec } from './mapper.js';
import type { PlannedOrder } from './page.js';
import type { RunData } from './run-data.js';
import { regroupEarlierTaxes, saleTaxes } from './sale-taxes.js';

/** What the lines of a page's orders sell, as the header and lines steps read it. */
export interface OrderProducts {
  /** the catalog products of the lines of quotations */
  lines: LineProducts;
  /** taxKey (the Odoo tax's name) → account.tax id */
  taxes: Map<string, number>;
  services: Map<ServiceKey, number>;
}

/**
 * The products step of a page: the service products (once a run), the catalog products of
 * the lines of orders that are still quotations (a confirmed order keeps its lines), and the
 * sale taxes of every line. About 3 Odoo calls, more when products are imported on the fly.
 */
export async function orderProducts(
  ctx: ImportContext,
  tally: Tally,
  run: RunData,
  orders: readonly PlannedOrder[],
): Promise<OrderProducts> {
  run.services ??= await serviceProducts(ctx, ctx.instance.orders.placeholderProduct);
  run.earlierTaxesRegrouped ??= await regroupEarlierTaxes(ctx).then(() => true);
  const lines = await lineProducts(
    ctx,
    tally,
    orders.filter((o) => o.draft).flatMap((o) => o.lines),
  );
  const taxes = await saleTaxes(
    ctx,
    orders.flatMap((o) => o.lines),
  );
  return { lines, taxes, services: run.services };
}

export interface LineProducts {
  /** order product id → product.product id */
  byLine: Map<string, number>;
  /** order product ids whose product is gone from BigCommerce */
  deleted: Set<string>;
  /** order product id → why it could not be resolved */
  failed: Map<string, string>;
  /** order product id → a warning: matched by SKU to an Odoo product bound to another BigCommerce product */
  skuMismatch: Map<string, string>;
}

export async function lineProducts(
  ctx: ImportContext,
  tally: Tally,
  lines: readonly OrderLineSpec[],
): Promise<LineProducts> {
  const out: LineProducts = { byLine: new Map(), deleted: new Set(), failed: new Map(), skuMismatch: new Map() };
  const productLines = lines.filter((l) => l.product);
  if (!productLines.length) return out;
  const resolveAll = async (pending: OrderLineSpec[]): Promise<OrderLineSpec[]> => {
    const variants = await ctx.binder.resolve('variant', [
      ...new Set(pending.map((l) => l.product!.variantId).filter((v): v is number => !!v)),
    ]);
    const rest: OrderLineSpec[] = [];
    for (const l of pending) {
      const id = l.product!.variantId ? variants.get(String(l.product!.variantId)) : undefined;
      if (id !== undefined) out.byLine.set(l.key, id);
      else rest.push(l);
    }
    return rest;
  };
  let pending = await resolveAll(productLines.filter((l) => l.product!.productId > 0));
  for (const l of productLines.filter((x) => x.product!.productId <= 0)) out.deleted.add(l.key); // custom products
  // By SKU, for variants bound under another id (or products made in Odoo by hand).
  const skus = [...new Set(pending.map((l) => l.product!.sku).filter(Boolean))];
  if (skus.length) {
    const rows = await ctx.odoo.searchRead<{ id: number; default_code: string }>(
      'product.product',
      [['default_code', 'in', skus]],
      ['default_code'],
    );
    const bySku = new Map(rows.map((r) => [r.default_code, r.id]));
    const matched = pending.filter((l) => bySku.has(l.product!.sku));
    for (const l of matched) out.byLine.set(l.key, bySku.get(l.product!.sku)!);
    pending = pending.filter((l) => !bySku.has(l.product!.sku));
    await noteSkuMismatches(ctx, matched, out);
  }
  // On the fly: import the missing products, then look again.
  if (pending.length) {
    const ids = [...new Set(pending.map((l) => l.product!.productId))];
    // Counted and logged as products imported alongside the orders run (Tally.nested).
    const side = tally.nested('products');
    await productImporter.run(ctx, side, { ids });
    const sideFailures = [...side.failedRecords('products')];
    const gone = new Set(sideFailures.filter(([, f]) => f.kind === 'not_in_bigcommerce').map(([id]) => id));
    const broken = new Map(sideFailures.filter(([id]) => !gone.has(id)).map(([id, f]) => [id, f.message]));
    pending = await resolveAll(pending);
    for (const l of pending) {
      const pid = String(l.product!.productId);
      if (gone.has(pid)) out.deleted.add(l.key);
      else
        out.failed.set(
          l.key,
          broken.get(pid) ??
            `product ${pid} variant ${l.product!.variantId} (${l.product!.sku}) is not in Odoo after importing it`,
        );
    }
  }
  return out;
}

/**
 * A line matched by SKU to an Odoo product that is bound to another BigCommerce product or
 * variant sells something else than the line says: it is kept (the SKU is the merchant's
 * key), and said so on the order. One read of the bindings of the matched products.
 */
async function noteSkuMismatches(ctx: ImportContext, matched: OrderLineSpec[], out: LineProducts): Promise<void> {
  if (!matched.length) return;
  const ids = [...new Set(matched.map((l) => out.byLine.get(l.key)!))];
  const bindings = await ctx.odoo.searchRead<{ name: string; res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'product.product'],
      ['res_id', 'in', ids],
      ['name', '=like', 'variant\\_%'],
    ],
    ['name', 'res_id'],
  );
  const variantOf = new Map(bindings.map((b) => [b.res_id, Number(b.name.slice('variant_'.length))]));
  for (const l of matched) {
    const bound = variantOf.get(out.byLine.get(l.key)!);
    if (bound === undefined || bound === l.product!.variantId) continue;
    out.skuMismatch.set(
      l.key,
      `line ${l.key} (SKU ${l.product!.sku}): BigCommerce product ${l.product!.productId} variant ${l.product!.variantId ?? '-'} is not in Odoo; ` +
        `the line was matched by SKU to the Odoo product of BigCommerce variant ${bound}`,
    );
  }
}
