/**
 * What each order line sells in Odoo: the imported variant (by external id), else the product
 * by its SKU, else the product imported on the fly; a product BigCommerce no longer has goes on
 * the configured placeholder product, with its original name and SKU on the line. Shipping,
 * handling, wrapping, fees, discounts and adjustments use service products of their own.
 * Sale taxes are percent taxes "BigCommerce <rate>%", created once per rate.
 */
import type { ImportContext } from '../context.js';
import { productImporter } from '../product/importer.js';
import { Tally } from '../tally.js';
import type { LineKind, OrderLineSpec } from './mapper.js';

const SERVICES: Record<Exclude<LineKind, 'product'>, [name: string, code: string]> = {
  shipping: ['BigCommerce shipping', 'BC-SHIPPING'],
  handling: ['BigCommerce handling', 'BC-HANDLING'],
  wrapping: ['BigCommerce gift wrapping', 'BC-WRAPPING'],
  fee: ['BigCommerce fee', 'BC-FEE'],
  discount: ['BigCommerce discount', 'BC-DISCOUNT'],
  adjustment: ['BigCommerce total adjustment', 'BC-ADJUSTMENT'],
};

export type ServiceKey = keyof typeof SERVICES | 'placeholder';

/** The service products (and the placeholder), created on first use; bound per store. */
export async function serviceProducts(ctx: ImportContext, placeholderName: string): Promise<Map<ServiceKey, number>> {
  const keys = [...Object.keys(SERVICES), 'placeholder'] as ServiceKey[];
  const bound = await ctx.binder.resolve('service', keys);
  const missing = keys.filter((k) => !bound.has(k));
  if (missing.length) {
    const res = await ctx.binder.upsert('service', 'product.product', missing.map((k) => {
      const [name, code] = k === 'placeholder' ? [placeholderName, 'BC-DELETED'] : SERVICES[k];
      const type = k === 'placeholder' ? ctx.caps.consumableValue : ctx.caps.serviceValue;
      return { bcId: k, values: { name, default_code: code, ...type, sale_ok: true, purchase_ok: false, invoice_policy: 'order', list_price: 0, taxes_id: [[6, 0, []]] } };
    }));
    if (res.failed.length) throw new Error(`could not create the order service products: ${res.failed[0]!.error.message}`);
    for (const [k, v] of res.created) bound.set(k, v);
  }
  return new Map([...bound].map(([k, v]) => [k as ServiceKey, v]));
}

export interface LineProducts {
  /** order product id → product.product id */
  byLine: Map<string, number>;
  /** order product ids whose product is gone from BigCommerce */
  deleted: Set<string>;
  /** order product id → why it could not be resolved */
  failed: Map<string, string>;
}

export async function lineProducts(ctx: ImportContext, tally: Tally, lines: readonly OrderLineSpec[]): Promise<LineProducts> {
  const out: LineProducts = { byLine: new Map(), deleted: new Set(), failed: new Map() };
  const productLines = lines.filter((l) => l.product);
  if (!productLines.length) return out;
  const resolveAll = async (pending: OrderLineSpec[]): Promise<OrderLineSpec[]> => {
    const variants = await ctx.binder.resolve('variant', [...new Set(pending.map((l) => l.product!.variantId).filter((v): v is number => !!v))]);
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
    const rows = await ctx.odoo.searchRead<{ id: number; default_code: string }>('product.product', [['default_code', 'in', skus]], ['default_code']);
    const bySku = new Map(rows.map((r) => [r.default_code, r.id]));
    pending = pending.filter((l) => {
      const id = bySku.get(l.product!.sku);
      if (id !== undefined) out.byLine.set(l.key, id);
      return id === undefined;
    });
  }
  // On the fly: import the missing products, then look again.
  if (pending.length) {
    const ids = [...new Set(pending.map((l) => l.product!.productId))];
    const side = new Tally();
    await productImporter.run(ctx, side, { ids });
    const gone = new Set(side.failures.filter((f) => /does not exist in BigCommerce/.test(f.message)).map((f) => f.bcId));
    const broken = new Map(side.failures.filter((f) => !gone.has(f.bcId)).map((f) => [f.bcId, f.message]));
    if (side.created) await tally.warn('orders', '-', `${side.created} product(s) imported on the fly for orders: ${ids.filter((i) => !gone.has(String(i)) && !broken.has(String(i))).join(', ')}`);
    pending = await resolveAll(pending);
    for (const l of pending) {
      const pid = String(l.product!.productId);
      if (gone.has(pid)) out.deleted.add(l.key);
      else out.failed.set(l.key, broken.get(pid) ?? `product ${pid} variant ${l.product!.variantId} (${l.product!.sku}) is not in Odoo after importing it`);
    }
  }
  return out;
}

/** percent rate → account.tax id, creating "BigCommerce <rate>%" sale taxes as needed. */
export async function saleTaxes(ctx: ImportContext, rates: Iterable<number>): Promise<Map<number, number>> {
  const wanted = [...new Set([...rates].filter((r) => r !== 0).map((r) => Number(r.toFixed(4))))];
  const out = new Map<number, number>();
  if (!wanted.length) return out;
  const rows = await ctx.odoo.searchRead<{ id: number; amount: number; name: string }>('account.tax', [
    ['type_tax_use', '=', 'sale'], ['amount_type', '=', 'percent'], ['name', '=like', 'BigCommerce %'], ['price_include', '=', false],
  ], ['amount', 'name']);
  for (const r of rows) if (!out.has(Number(r.amount.toFixed(4)))) out.set(Number(r.amount.toFixed(4)), r.id);
  const missing = wanted.filter((r) => !out.has(r));
  if (missing.length) {
    const ids = await ctx.odoo.create('account.tax', missing.map((r) => ({ name: `BigCommerce ${r}%`, amount: r, amount_type: 'percent', type_tax_use: 'sale', description: `${r}%` })));
    missing.forEach((r, i) => out.set(r, ids[i]!));
  }
  return out;
}
