/**
 * Catalog records (v3): products with their variants, images, custom fields, bulk pricing
 * and options; categories (flat and per category tree) and brands.
 */
import { z } from 'zod';
import {
  optional,
  list,
  num,
  int,
  id,
  ref,
  idOrZero,
  text,
  optText,
  optBool,
  v3Date,
  optV3Date,
  modifiedDefaultsToCreated,
} from './common.js';

export const BcCustomUrl = z.looseObject({ url: text, is_customized: optBool });

export const BcOptionValue = z.looseObject({
  id,
  label: text,
  option_id: id,
  option_display_name: text,
});
export type BcOptionValue = z.infer<typeof BcOptionValue>;

/** Prices and dimensions are undefined when the variant inherits the product's. */
export const BcVariant = z.looseObject({
  id,
  product_id: id,
  sku: text,
  sku_id: ref,
  price: optional(num),
  sale_price: optional(num),
  retail_price: optional(num),
  cost_price: optional(num),
  calculated_price: optional(num),
  weight: optional(num),
  calculated_weight: optional(num),
  width: optional(num),
  height: optional(num),
  depth: optional(num),
  is_free_shipping: optBool,
  fixed_cost_shipping_price: optional(num),
  purchasing_disabled: optBool,
  purchasing_disabled_message: optText,
  image_url: optText,
  upc: optText,
  mpn: optText,
  gtin: optText,
  bin_picking_number: optText,
  inventory_level: optional(int),
  inventory_warning_level: optional(int),
  option_values: list(BcOptionValue),
});
export type BcVariant = z.infer<typeof BcVariant>;

export const BcImage = z.looseObject({
  id,
  product_id: optional(id),
  is_thumbnail: optBool,
  sort_order: optional(int),
  description: optText,
  image_file: optText,
  image_url: optText,
  url_zoom: optText,
  url_standard: optText,
  url_thumbnail: optText,
  url_tiny: optText,
  date_modified: optV3Date,
});
export type BcImage = z.infer<typeof BcImage>;

export const BcCustomField = z.looseObject({ id: optional(id), name: text, value: text });
export type BcCustomField = z.infer<typeof BcCustomField>;

export const BcBulkPricingRule = z.looseObject({
  id: optional(id),
  quantity_min: optional(int),
  quantity_max: optional(int),
  type: text,
  amount: optional(num),
});
export type BcBulkPricingRule = z.infer<typeof BcBulkPricingRule>;

export const BcProductOptionValue = z.looseObject({
  id,
  label: text,
  sort_order: optional(int),
  is_default: optBool,
  value_data: z.unknown().optional(),
});
export type BcProductOptionValue = z.infer<typeof BcProductOptionValue>;

/** A variant option (`/catalog/products/{id}/options`): the options that generate variants. */
export const BcProductOption = z.looseObject({
  id,
  product_id: optional(id),
  display_name: text,
  name: optText,
  type: text,
  sort_order: optional(int),
  option_values: list(BcProductOptionValue),
});
export type BcProductOption = z.infer<typeof BcProductOption>;

/** `{}` or null when the product has no image: undefined, the one spelling of "none". */
const noImage = (v: unknown): unknown =>
  v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 ? undefined : v;

/** A product read with `include_fields=id`: its id alone. */
export const BcProductId = z.looseObject({ id });
export type BcProductId = z.infer<typeof BcProductId>;

export const BcProduct = modifiedDefaultsToCreated(
  z.looseObject({
    id,
    name: text,
    type: text,
    sku: text,
    description: optText,
    weight: optional(num),
    width: optional(num),
    depth: optional(num),
    height: optional(num),
    /** the list price: what the template costs in Odoo */
    price: num,
    cost_price: optional(num),
    retail_price: optional(num),
    sale_price: optional(num),
    map_price: optional(num),
    calculated_price: optional(num),
    /** 0 is a real class here ("Default Tax Class"), so not a `ref` */
    tax_class_id: optional(int),
    product_tax_code: optText,
    categories: list(id),
    brand_id: ref,
    inventory_level: optional(int),
    inventory_warning_level: optional(int),
    inventory_tracking: text,
    is_free_shipping: optBool,
    is_visible: optBool,
    is_featured: optBool,
    availability: optText,
    condition: optText,
    upc: optText,
    mpn: optText,
    gtin: optText,
    bin_picking_number: optText,
    search_keywords: optText,
    sort_order: optional(int),
    page_title: optText,
    meta_description: optText,
    custom_url: optional(BcCustomUrl),
    base_variant_id: ref,
    option_set_id: ref,
    date_created: optV3Date,
    date_modified: v3Date,
    channels: optional(z.array(id)),
    // sub-resources, present when asked for with include=
    variants: optional(z.array(BcVariant)),
    images: optional(z.array(BcImage)),
    custom_fields: optional(z.array(BcCustomField)),
    bulk_pricing_rules: optional(z.array(BcBulkPricingRule)),
    primary_image: z.preprocess(noImage, optional(BcImage)),
    options: optional(z.array(BcProductOption)),
  }),
);
export type BcProduct = z.infer<typeof BcProduct>;

export const BcCategory = z.looseObject({
  id,
  parent_id: idOrZero,
  name: text,
  description: optText,
  sort_order: optional(int),
  page_title: optText,
  meta_keywords: optional(z.array(text)),
  meta_description: optText,
  image_url: optText,
  is_visible: optBool,
  search_keywords: optText,
  default_product_sort: optText,
  custom_url: optional(BcCustomUrl),
});
export type BcCategory = z.infer<typeof BcCategory>;

export const BcCategoryTree = z.looseObject({ id, name: text, channels: optional(z.array(id)) });
export type BcCategoryTree = z.infer<typeof BcCategoryTree>;

/** `/catalog/trees/categories`: a category as placed in one tree (ids are `category_id`). */
export const BcTreeCategory = z.looseObject({
  category_id: id,
  tree_id: id,
  parent_id: idOrZero,
  name: text,
  category_uuid: optText,
  description: optText,
  sort_order: optional(int),
  page_title: optText,
  meta_description: optText,
  image_url: optText,
  is_visible: optBool,
  default_product_sort: optText,
  url: optional(z.looseObject({ path: text, is_customized: optBool })),
});
export type BcTreeCategory = z.infer<typeof BcTreeCategory>;

export const BcBrand = z.looseObject({
  id,
  name: text,
  page_title: optText,
  meta_keywords: optional(z.array(text)),
  meta_description: optText,
  search_keywords: optText,
  image_url: optText,
  custom_url: optional(BcCustomUrl),
});
export type BcBrand = z.infer<typeof BcBrand>;
