/**
 * The first steps of a product page, on BigCommerce data alone: what every template shares
 * (root category, weight unit, the field set this Odoo has), the page's references (categories,
 * website categories, brands: 3 reads), and each product mapped and fingerprinted. A product
 * that cannot be mapped fails alone.
 */
import type { BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import type { Mapped } from '../changes.js';
import type { ImportContext } from '../context.js';
import { fingerprint } from '../fingerprint.js';
import type { Tally } from '../tally.js';
import {
  extraImages,
  imageUrl,
  mapTemplate,
  mapVariant,
  primaryImage,
  weightFactor,
  type TemplateRefs,
} from './mapper.js';
import { layoutPrices, type PriceLayout } from './pricing.js';

export const E = 'products';

export interface TemplateBase {
  rootCategoryId: number;
  weightToKg: number;
  types: TemplateRefs['types'];
  has: TemplateRefs['has'];
}

export async function templateBase(ctx: ImportContext): Promise<TemplateBase> {
  const fields = await ctx.odoo.fieldsGet('product.template');
  const root = await ctx.binder.resolveOne('category', 'root');
  let rootCategoryId = root;
  if (rootCategoryId === undefined) {
    // Categories were never imported: file products under Odoo's default category.
    const [all] = await ctx.odoo.searchRead<{ id: number }>('product.category', [['parent_id', '=', false]], ['id'], {
      limit: 1,
      order: 'id',
    });
    if (!all) throw new Error('no product category in Odoo to file products under');
    rootCategoryId = all.id;
  }
  return {
    rootCategoryId,
    weightToKg: weightFactor(ctx.store.weight_units),
    types: { storable: ctx.caps.storableValue, consumable: ctx.caps.consumableValue, service: ctx.caps.serviceValue },
    has: {
      descriptionEcommerce: 'description_ecommerce' in fields,
      comparePrice: 'compare_list_price' in fields,
      published: 'is_published' in fields,
      publicCategories: 'public_categ_ids' in fields,
    },
  };
}

export interface PlannedProduct {
  product: BcProduct;
  variants: BcVariant[];
  layout: PriceLayout;
  item: Mapped;
  imageHash: string;
  /** what the mapping has to say; told when the product is written, not on every run */
  warnings: string[];
}

/** Templates written by a page, with the fingerprint to record once all their work is done. */
export type Written = Map<string, { tmplId: number; hash: string }>;

/** The page's categories, website categories and brands, resolved to Odoo ids: 3 reads. */
export async function resolveRefs(
  ctx: ImportContext,
  base: TemplateBase,
  products: readonly BcProduct[],
): Promise<TemplateRefs> {
  const catIds = [...new Set(products.flatMap((p) => p.categories))];
  const brandIds = [...new Set(products.map((p) => p.brand_id).filter((b): b is number => !!b))];
  const [categoryIds, publicCategoryIds, brandMap] = await Promise.all([
    ctx.binder.resolve('category', catIds),
    ctx.binder.resolve('public_category', catIds),
    ctx.binder.resolve('brand', brandIds),
  ]);
  return { ...base, categoryIds, publicCategoryIds, brandIds: brandMap };
}

/** Each product mapped, with a fingerprint of everything the import writes for it. */
export async function mapProducts(
  tally: Tally,
  products: readonly BcProduct[],
  refs: TemplateRefs,
): Promise<PlannedProduct[]> {
  const planned: PlannedProduct[] = [];
  for (const p of products) {
    try {
      planned.push(mapProduct(p, refs));
    } catch (err) {
      await tally.fail(E, p.id, err, p.name);
    }
  }
  return planned;
}

function mapProduct(p: BcProduct, refs: TemplateRefs): PlannedProduct {
  const variants = p.variants ?? [];
  const layout = layoutPrices(p, variants);
  const { values, warnings } = mapTemplate(p, layout, refs);
  const main = primaryImage(p);
  const imageHash = fingerprint(main ? [imageUrl(main), main.date_modified ?? null] : null);
  const everything = {
    values,
    layout: layout.kind === 'additive' ? [...layout.extras] : [...layout.fixed],
    variants: variants.map((v) => [
      v.id,
      mapVariant(v, p, refs),
      v.option_values.map((o) => [o.option_display_name, o.label]),
      v.image_url ?? null,
    ]),
    gallery: extraImages(p).map((i) => [
      i.id,
      imageUrl(i),
      i.date_modified ?? null,
      i.sort_order ?? 0,
      i.description ?? '',
    ]),
  };
  const item: Mapped = { bcId: p.id, name: p.name, values, hash: `${fingerprint(everything)}.${imageHash}` };
  return { product: p, variants, layout, imageHash, item, warnings };
}
