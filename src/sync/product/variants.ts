/**
 * A page's variants: BigCommerce's variants matched to the grid Odoo built from the attribute
 * lines (by their option values), bound as `variant_<id>`, written where they differ, with
 * their own images; combinations BigCommerce does not have are archived; price extras (an
 * additive price layout) and the store pricelist's fixed prices follow (pricing.ts). A handful
 * of reads and one batched write per kind of record for the whole page.
 */
import type { ImageFetcher } from '../../bigcommerce/images.js';
import type { BcVariant } from '../../bigcommerce/schemas.js';
import type { Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import type { Tally } from '../tally.js';
import type { AttributeIndex } from './attributes.js';
import { isMainImage, mapVariant, variantChanges, VARIANT_FIELDS, type OdooVariantState } from './mapper.js';
import { E, type PlannedProduct, type TemplateBase } from './plan.js';
import { storePricelist, type FixedPrice } from './pricelist.js';

interface OdooVariant extends OdooVariantState {
  id: number;
  product_tmpl_id: [number, string];
  product_template_attribute_value_ids: number[];
  image_variant_1920: string | false;
}

interface Ptav {
  id: number;
  product_tmpl_id: [number, string];
  attribute_id: [number, string];
  product_attribute_value_id: [number, string];
  price_extra: number;
}

/** What Odoo has for the page's templates: attribute values, variants, float precision. */
interface VariantGrid {
  ptavs: Ptav[];
  products: OdooVariant[];
  precision: Record<string, number | undefined>;
  /** `<template>:<attribute value>` → the template's attribute value */
  ptavOf: Map<string, Ptav>;
  /** `<template>:<sorted ptav ids>` → the variant */
  productByCombo: Map<string, OdooVariant>;
}

/** A matched variant's write, with what its image step needs. */
interface VariantWrite {
  item: Mapped;
  owner: PlannedProduct;
  imageUrl: string;
  hadImage: boolean;
}

interface VariantMatch {
  bindings: { bcId: number; odooId: number }[];
  writes: VariantWrite[];
  /** [ptav id, price extra] where Odoo's differs */
  extraRows: [number, number][];
  fixedPrices: FixedPrice[];
  /** Odoo variant ids BigCommerce has */
  matched: Set<number>;
}

export async function syncVariants(
  ctx: ImportContext,
  tally: Tally,
  images: ImageFetcher,
  live: PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
  attrs: AttributeIndex,
  base: TemplateBase,
): Promise<void> {
  if (!live.length) return;
  const grid = await readVariantGrid(ctx, live.map(tmplOf));
  const match = await matchVariants(tally, live, tmplOf, attrs, base, grid);
  await attachVariantImages(tally, images, match.writes);
  await writeVariants(ctx, tally, match);
  await archiveUnmatched(ctx, tally, grid.products, match.matched);
  await setPriceExtras(ctx, match.extraRows);
  await storePricelist(ctx, tally, live.map(tmplOf), match.fixedPrices);
}

async function readVariantGrid(ctx: ImportContext, tmplIds: number[]): Promise<VariantGrid> {
  const [ptavs, products] = await Promise.all([
    ctx.odoo.searchRead<Ptav>(
      'product.template.attribute.value',
      [['product_tmpl_id', 'in', tmplIds]],
      ['product_tmpl_id', 'attribute_id', 'product_attribute_value_id', 'price_extra'],
      { context: { active_test: false } },
    ),
    // bin_size: the image comes back as its size (or false), enough to know whether one is there.
    ctx.odoo.searchRead<OdooVariant>(
      'product.product',
      [['product_tmpl_id', 'in', tmplIds]],
      ['product_tmpl_id', 'product_template_attribute_value_ids', 'active', ...VARIANT_FIELDS, 'image_variant_1920'],
      { context: { active_test: false, bin_size: true } },
    ),
  ]);
  const precision = await fieldPrecision(ctx, 'product.product', VARIANT_FIELDS);
  const ptavOf = new Map(ptavs.map((p) => [`${p.product_tmpl_id[0]}:${p.product_attribute_value_id[0]}`, p]));
  const productByCombo = new Map(
    products.map((p) => [`${p.product_tmpl_id[0]}:${comboKey(p.product_template_attribute_value_ids)}`, p]),
  );
  return { ptavs, products, precision, ptavOf, productByCombo };
}

const comboKey = (ptavIds: readonly number[]): string => [...ptavIds].sort((a, b) => a - b).join(',');

/** The decimal scale Odoo rounds each float field to (from fields_get's digits), per field. */
async function fieldPrecision(
  ctx: ImportContext,
  model: string,
  fields: readonly string[],
): Promise<Record<string, number | undefined>> {
  const info = await ctx.odoo.fieldsGet(model);
  return Object.fromEntries(
    fields.map((f) => {
      const d = info[f]?.digits;
      return [f, Array.isArray(d) ? d[1] : undefined];
    }),
  );
}

async function matchVariants(
  tally: Tally,
  live: readonly PlannedProduct[],
  tmplOf: (c: PlannedProduct) => number,
  attrs: AttributeIndex,
  base: TemplateBase,
  grid: VariantGrid,
): Promise<VariantMatch> {
  const match: VariantMatch = { bindings: [], writes: [], extraRows: [], fixedPrices: [], matched: new Set() };
  for (const c of live) {
    const t = tmplOf(c);
    const extraByPtav = new Map<number, number>();
    for (const v of c.variants) {
      const pp = odooVariantOf(v, c, t, attrs, grid, extraByPtav);
      if (!pp) {
        const options = v.option_values.map((o) => `${o.option_display_name}=${o.label}`).join(', ');
        const error = new Error(`variant ${v.id} (${v.sku}): Odoo has no variant for options ${options}`);
        await tally.fail(E, c.product.id, error, c.product.name);
        continue;
      }
      addMatch(match, c, t, v, pp, base, grid.precision);
    }
    for (const p of grid.ptavs.filter((x) => x.product_tmpl_id[0] === t)) {
      const want = c.layout.kind === 'additive' ? (extraByPtav.get(p.id) ?? 0) : 0;
      if (Math.round(p.price_extra * 100) !== Math.round(want * 100)) match.extraRows.push([p.id, want]);
    }
  }
  return match;
}

/** The Odoo variant with exactly this BigCommerce variant's option values; notes their extras. */
function odooVariantOf(
  v: BcVariant,
  c: PlannedProduct,
  t: number,
  attrs: AttributeIndex,
  grid: VariantGrid,
  extraByPtav: Map<number, number>,
): OdooVariant | undefined {
  const combo: number[] = [];
  for (const o of v.option_values) {
    const a = attrs.attribute(o.option_display_name);
    const val = a === undefined ? undefined : attrs.value(a, o.label);
    const ptav = val === undefined ? undefined : grid.ptavOf.get(`${t}:${val}`);
    if (!ptav) return undefined;
    combo.push(ptav.id);
    if (c.layout.kind === 'additive') extraByPtav.set(ptav.id, c.layout.extras.get(o.id) ?? 0);
  }
  return grid.productByCombo.get(`${t}:${comboKey(combo)}`);
}

function addMatch(
  match: VariantMatch,
  c: PlannedProduct,
  t: number,
  v: BcVariant,
  pp: OdooVariant,
  base: TemplateBase,
  precision: Record<string, number | undefined>,
): void {
  match.matched.add(pp.id);
  match.bindings.push({ bcId: v.id, odooId: pp.id });
  match.writes.push({
    item: {
      bcId: v.id,
      name: `${c.product.name} ${v.sku}`,
      values: variantChanges(mapVariant(v, c.product, base), pp, precision),
    },
    owner: c,
    imageUrl: v.image_url ?? '',
    hadImage: Boolean(pp.image_variant_1920),
  });
  if (c.layout.kind === 'pricelist')
    match.fixedPrices.push({
      variantId: v.id,
      bcProductId: c.product.id,
      productId: pp.id,
      tmplId: t,
      price: c.layout.fixed.get(v.id) ?? c.layout.base,
    });
}

/** Variant images: only when the variant has its own picture, different from the product's. */
async function attachVariantImages(tally: Tally, images: ImageFetcher, writes: readonly VariantWrite[]): Promise<void> {
  await Promise.all(
    writes.map(async (w) => {
      const values = w.item.values;
      if (!w.imageUrl || isMainImage(w.imageUrl, w.owner.product)) {
        // Clearing an image that is not there still makes Odoo recompute every size: only when one is.
        if (w.hadImage) values.image_variant_1920 = false;
        return;
      }
      try {
        values.image_variant_1920 = await images.fetchBase64(w.imageUrl);
      } catch (err) {
        const message = `image of variant ${w.item.bcId} not imported: ${(err as Error).message}`;
        await tally.warn(E, w.owner.product.id, message);
      }
    }),
  );
}

async function writeVariants(ctx: ImportContext, tally: Tally, match: VariantMatch): Promise<void> {
  if (match.bindings.length) await ctx.binder.bind('variant', 'product.product', match.bindings);
  // Only what differs from Odoo: `load` writes row by row, and an unchanged cost or an `active`
  // that is already true still costs Odoo its per-record write (about 20 ms a variant).
  const toWrite = match.writes.filter((w) => Object.keys(w.item.values).length > 0);
  if (!toWrite.length) return;
  const res = await ctx.binder.upsert(
    'variant',
    'product.product',
    toWrite.map((w) => ({ bcId: w.item.bcId, values: w.item.values })),
  );
  const ownerOf = new Map(toWrite.map((w) => [String(w.item.bcId), w.owner.product]));
  for (const f of res.failed) {
    const owner = ownerOf.get(f.bcId);
    await tally.fail(E, owner?.id ?? f.bcId, new Error(`variant ${f.bcId}: ${f.error.message}`), owner?.name);
  }
}

/** Combinations BigCommerce does not have: archived, so they are not sellable. */
async function archiveUnmatched(
  ctx: ImportContext,
  tally: Tally,
  products: readonly OdooVariant[],
  matched: ReadonlySet<number>,
): Promise<void> {
  const toArchive = products.filter((p) => p.active && !matched.has(p.id)).map((p) => p.id);
  if (!toArchive.length) return;
  await ctx.odoo.write('product.product', toArchive, { active: false });
  tally.archived += toArchive.length;
}

async function setPriceExtras(ctx: ImportContext, extraRows: readonly [number, number][]): Promise<void> {
  if (!extraRows.length) return;
  const res = await ctx.odoo.load(
    'product.template.attribute.value',
    ['.id', 'price_extra'],
    extraRows.map(([id, extra]) => [String(id), String(extra)]),
  );
  if (res.ids === false)
    throw new Error(`could not set variant price extras: ${res.messages.map((m) => m.message).join('; ')}`);
}
