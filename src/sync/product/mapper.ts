/**
 * BigCommerce product → product.template values, its variants → product.product values, and
 * its option axes → attributes and values. Pure: categories, brand and the store's settings
 * come in resolved; what Odoo version has which field comes in as flags.
 */
import type { BcImage, BcProduct, BcVariant } from '../../bigcommerce/schemas.js';
import type { PriceLayout } from './pricing.js';

export interface TemplateRefs {
  categoryIds: ReadonlyMap<string, number>;
  publicCategoryIds: ReadonlyMap<string, number>;
  brandIds: ReadonlyMap<string, number>;
  rootCategoryId: number;
  weightToKg: number;
  types: { storable: Record<string, unknown>; consumable: Record<string, unknown>; service: Record<string, unknown> };
  /** which optional product.template fields this Odoo has */
  has: { descriptionEcommerce: boolean; comparePrice: boolean; published: boolean; publicCategories: boolean };
}

export interface MappedTemplate {
  values: Record<string, unknown>;
  warnings: string[];
}

const WEIGHT_TO_KG: Record<string, number> = {
  kg: 1, kgs: 1, kilograms: 1, g: 0.001, grams: 0.001, gram: 0.001, lbs: 0.45359237, lb: 0.45359237, pounds: 0.45359237,
  oz: 0.028349523125, ounces: 0.028349523125, tonnes: 1000,
};

/** Factor from the store's `weight_units` to kilograms, Odoo's default weight unit. */
export function weightFactor(units: string | undefined): number {
  const f = WEIGHT_TO_KG[(units ?? 'kg').trim().toLowerCase()];
  if (f === undefined) throw new Error(`unknown BigCommerce weight unit "${units}"`);
  return f;
}

const round = (n: number, places: number): number => Number(n.toFixed(places));

export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
}

export function mapTemplate(p: BcProduct, layout: PriceLayout, refs: TemplateRefs): MappedTemplate {
  const warnings: string[] = [];
  const cats = p.categories.map((c) => refs.categoryIds.get(String(c)));
  const missingCats = p.categories.filter((_c, i) => cats[i] === undefined);
  if (missingCats.length) warnings.push(`categories ${missingCats.join(', ')} are not imported; run \`import categories\` (the product is filed under the store's root)`);
  let brand: number | false = false;
  if (p.brand_id) {
    brand = refs.brandIds.get(String(p.brand_id)) ?? false;
    if (brand === false) warnings.push(`brand ${p.brand_id} does not exist in Odoo (missing in BigCommerce, or not imported); imported without a brand`);
  }
  const tracked = p.inventory_tracking === 'product' || p.inventory_tracking === 'variant';
  const type = p.type === 'digital' ? refs.types.service : tracked ? refs.types.storable : refs.types.consumable;
  const values: Record<string, unknown> = {
    name: p.name.trim() || `Product ${p.id}`,
    list_price: layout.base,
    weight: round((p.weight ?? 0) * refs.weightToKg, 4),
    categ_id: cats.find((c) => c !== undefined) ?? refs.rootCategoryId,
    x_bc_brand_id: brand,
    sale_ok: p.availability !== 'disabled',
    active: true,
    ...type,
  };
  const description = p.description ?? '';
  values.description_sale = htmlToText(description) || false;
  if (refs.has.descriptionEcommerce) values.description_ecommerce = description || false;
  if (refs.has.comparePrice) values.compare_list_price = p.price > layout.base ? p.price : 0;
  if (refs.has.published) values.is_published = p.is_visible !== false;
  if (refs.has.publicCategories) {
    values.public_categ_ids = [[6, 0, p.categories.map((c) => refs.publicCategoryIds.get(String(c))).filter((x): x is number => x !== undefined)]];
  }
  return { values, warnings };
}

/** One attribute per option (by display name), with the values the variants really use. */
export interface OptionAxis {
  name: string;
  values: string[];
}

export function optionAxes(variants: readonly BcVariant[]): OptionAxis[] {
  const axes = new Map<string, OptionAxis>();
  for (const v of variants) {
    for (const o of v.option_values) {
      const key = o.option_display_name.trim().toLowerCase();
      let axis = axes.get(key);
      if (!axis) axes.set(key, (axis = { name: o.option_display_name.trim(), values: [] }));
      const label = o.label.trim();
      if (!axis.values.some((x) => x.toLowerCase() === label.toLowerCase())) axis.values.push(label);
    }
  }
  return [...axes.values()];
}

export function mapVariant(v: BcVariant, p: BcProduct, refs: Pick<TemplateRefs, 'weightToKg'>): Record<string, unknown> {
  const barcode = (v.upc || v.gtin || '').trim();
  return {
    default_code: v.sku.trim() || false,
    barcode: barcode || false,
    weight: round((v.weight ?? p.weight ?? 0) * refs.weightToKg, 4),
    standard_price: v.cost_price ?? p.cost_price ?? 0,
    active: true,
  };
}

/** The main image: BigCommerce's primary (thumbnail) image, else the first by sort order. */
export function primaryImage(p: BcProduct): BcImage | undefined {
  const images = [...(p.images ?? [])].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.id - b.id);
  return p.primary_image ?? images.find((i) => i.is_thumbnail) ?? images[0];
}

export function imageUrl(i: BcImage): string | undefined {
  return i.url_zoom || i.url_standard || i.image_url || undefined;
}

/** Gallery images: every image but the main one. */
export function extraImages(p: BcProduct): BcImage[] {
  const main = primaryImage(p);
  return (p.images ?? []).filter((i) => i.id !== main?.id).sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.id - b.id);
}
