/**
 * BigCommerce product → product.template values, its variants → product.product values, and
 * its option axes → attributes and values. Pure: categories, brand and the store's settings
 * come in resolved; what Odoo version has which field comes in as flags.
 */
import { decodeHTML } from 'entities';
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
  kg: 1,
  kgs: 1,
  kilograms: 1,
  g: 0.001,
  grams: 0.001,
  gram: 0.001,
  lbs: 0.45359237,
  lb: 0.45359237,
  pounds: 0.45359237,
  oz: 0.028349523125,
  ounces: 0.028349523125,
  tonnes: 1000,
};

/** Factor from the store's `weight_units` to kilograms, Odoo's default weight unit. */
export function weightFactor(units: string | undefined): number {
  const f = WEIGHT_TO_KG[(units ?? 'kg').trim().toLowerCase()];
  if (f === undefined) throw new Error(`unknown BigCommerce weight unit "${units}"`);
  return f;
}

const round = (n: number, places: number): number => Number(n.toFixed(places));

export function htmlToText(html: string): string {
  return (
    html
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      // One pass over the whole HTML5 entity table, so `&amp;lt;` stays `&lt;`.
      .replace(/&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/gi, (e) => decodeHTML(e))
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .join('\n')
  );
}

export function mapTemplate(p: BcProduct, layout: PriceLayout, refs: TemplateRefs): MappedTemplate {
  const warnings: string[] = [];
  const cats = p.categories.map((c) => refs.categoryIds.get(String(c)));
  const missingCats = p.categories.filter((_c, i) => cats[i] === undefined);
  if (missingCats.length)
    warnings.push(
      `categories ${missingCats.join(', ')} are not imported; run \`import categories\` (the product is filed under the store's root)`,
    );
  let brand: number | false = false;
  if (p.brand_id) {
    brand = refs.brandIds.get(String(p.brand_id)) ?? false;
    if (brand === false)
      warnings.push(
        `brand ${p.brand_id} does not exist in Odoo (missing in BigCommerce, or not imported); imported without a brand`,
      );
  }
  // BigCommerce accepts negative prices (a credit sold as a product); Odoo too, but it is
  // almost always a data-entry mistake worth a look.
  if (p.price < 0 || layout.base < 0)
    warnings.push(`price ${p.price} is negative: imported as is, check it in BigCommerce`);
  const tracked = p.inventory_tracking === 'product' || p.inventory_tracking === 'variant';
  const type = p.type === 'digital' ? refs.types.service : tracked ? refs.types.storable : refs.types.consumable;
  const values: Record<string, unknown> = {
    name: p.name.trim() || `Product ${p.id}`,
    list_price: layout.base,
    categ_id: cats.find((c) => c !== undefined) ?? refs.rootCategoryId,
    x_bc_brand_id: brand,
    sale_ok: p.availability !== 'disabled',
    active: true,
    ...type,
  };
  // With options, each variant carries its weight (mapVariant). Odoo derives a template's weight
  // from its variants (0 with several): one written on a template that already has several
  // would stay beside theirs, so a rerun after a killed import would differ from one import.
  if (!hasOptions(p)) values.weight = round((p.weight ?? 0) * refs.weightToKg, 4);
  const description = p.description ?? '';
  values.description_sale = htmlToText(description) || false;
  if (refs.has.descriptionEcommerce) values.description_ecommerce = description || false;
  if (refs.has.comparePrice) values.compare_list_price = p.price > layout.base ? p.price : 0;
  if (refs.has.published) values.is_published = p.is_visible !== false;
  if (refs.has.publicCategories) {
    values.public_categ_ids = [
      [
        6,
        0,
        p.categories.map((c) => refs.publicCategoryIds.get(String(c))).filter((x): x is number => x !== undefined),
      ],
    ];
  }
  return { values, warnings };
}

/** Whether the product's variants are made of options (several variants, or one chosen combination). */
function hasOptions(p: BcProduct): boolean {
  return (p.variants ?? []).some((v) => v.option_values.length > 0);
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
      if (!axis) {
        axis = { name: o.option_display_name.trim(), values: [] };
        axes.set(key, axis);
      }
      const label = o.label.trim();
      if (!axis.values.some((x) => x.toLowerCase() === label.toLowerCase())) axis.values.push(label);
    }
  }
  return [...axes.values()];
}

export function mapVariant(
  v: BcVariant,
  p: BcProduct,
  refs: Pick<TemplateRefs, 'weightToKg'>,
): Record<string, unknown> {
  const barcode = v.upc?.trim() || v.gtin?.trim() || '';
  return {
    default_code: v.sku.trim() || false,
    barcode: barcode || false,
    weight: round((v.weight ?? p.weight ?? 0) * refs.weightToKg, 4),
    standard_price: v.cost_price ?? p.cost_price ?? 0,
    active: true,
  };
}

/** What Odoo holds of a variant, as far as `variantChanges` compares it. */
export interface OdooVariantState {
  readonly default_code: string | false;
  readonly barcode: string | false;
  readonly weight: number;
  readonly standard_price: number;
  readonly active: boolean;
}

/** Fields of `mapVariant`'s values compared with Odoo's by `variantChanges`. */
export const VARIANT_FIELDS = ['default_code', 'barcode', 'weight', 'standard_price'] as const;

/**
 * The part of a variant's mapped values that differs from what Odoo holds. Floats are compared
 * at the scale Odoo stores them (`scales`, from the field's digits), else a weight of 0.4536 kg
 * would be "changed" on every run against the 0.45 Odoo keeps.
 */
export function variantChanges(
  wanted: Record<string, unknown>,
  current: OdooVariantState,
  scales: Readonly<Record<string, number | undefined>> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of VARIANT_FIELDS) {
    if (!(f in wanted)) continue;
    const want = wanted[f];
    const have = current[f];
    if (typeof want === 'number' && typeof have === 'number') {
      const scale = scales[f];
      // Odoo keeps `want` rounded half-up to `scale`: the same when within half a unit of it
      // (not Math.round: 1.005 * 100 is 100.4999… in binary, Odoo stores 1.01).
      const same = Math.abs(want - have) <= (scale === undefined ? 0 : 0.5 * 10 ** -scale) + 1e-9;
      if (!same) out[f] = want;
    } else if ((want || false) !== (have || false)) {
      out[f] = want;
    }
  }
  if (wanted.active === true && !current.active) out.active = true;
  return out;
}

/** The main image: BigCommerce's primary (thumbnail) image, else the first by sort order. */
export function primaryImage(p: BcProduct): BcImage | undefined {
  const images = [...(p.images ?? [])].sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.id - b.id);
  return p.primary_image ?? images.find((i) => i.is_thumbnail) ?? images[0];
}

export function imageUrl(i: BcImage): string | undefined {
  return i.url_zoom || i.url_standard || i.image_url || undefined;
}

/**
 * Whether a variant's image is the product's main image. The primary-image shape carries no
 * `image_url` (the images collection does), so every URL of the main image is compared.
 */
export function isMainImage(url: string, p: BcProduct): boolean {
  const main = primaryImage(p);
  if (!main) return false;
  const same = (p.images ?? []).find((i) => i.id === main.id);
  return [main, same].some((i) => i !== undefined && [i.image_url, i.url_zoom, i.url_standard].includes(url));
}

/** Gallery images: every image but the main one. */
export function extraImages(p: BcProduct): BcImage[] {
  const main = primaryImage(p);
  return (p.images ?? [])
    .filter((i) => i.id !== main?.id)
    .sort((a, b) => (a.sort_order ?? 0) - (b.sort_order ?? 0) || a.id - b.id);
}
