/**
 * Catalog records → BigCommerce v3 JSON (products_catalog.v3.yml and its siblings). Field sets
 * and value conventions follow the specs' schemas and examples, including the platform's quirks
 * an importer meets: `base_variant_id` null on products with options, variant prices null when
 * inherited, `related_products: [-1]` for "automatic", and image URLs on the sandbox itself.
 */
import { iso8601 } from './dates.js';
import { money2 } from './money.js';
import type {
  BrandRec,
  CategoryRec,
  ImageRec,
  ModifierRec,
  OptionRec,
  ProductRec,
  TreeRec,
  VariantRec,
} from './model.js';
import type { SandboxStore } from './store.js';

export interface SerializeCtx {
  store: SandboxStore;
  /** e.g. http://127.0.0.1:8787 */
  baseUrl: string;
  storeHash: string;
}

type Json = Record<string, unknown>;

export function imageUrl(ctx: SerializeCtx, dir: string, size: string, file: string): string {
  return `${ctx.baseUrl}/images/${ctx.storeHash}/${dir}/${size}/${file}`;
}

/** what the storefront charges: the sale price when one is set */
function effectivePrice(price: number, salePrice: number): number {
  return salePrice > 0 && salePrice < price ? salePrice : price;
}

export function productImageJson(ctx: SerializeCtx, img: ImageRec): Json {
  const dir = `products/${img.productId}/${img.id}`;
  return {
    id: img.id,
    product_id: img.productId,
    is_thumbnail: img.isThumbnail,
    sort_order: img.sortOrder,
    description: img.description,
    image_file: `${img.file.slice(0, 1)}/${String(img.id).padStart(3, '0')}/${img.file}`,
    url_zoom: imageUrl(ctx, dir, 'zoom', img.file),
    url_standard: imageUrl(ctx, dir, 'standard', img.file),
    url_thumbnail: imageUrl(ctx, dir, 'thumbnail', img.file),
    url_tiny: imageUrl(ctx, dir, 'tiny', img.file),
    date_modified: iso8601(img.dateModified),
  };
}

/** The images collection adds `image_url` (the original) to the primary-image shape. */
function productImageListJson(ctx: SerializeCtx, img: ImageRec): Json {
  return {
    ...productImageJson(ctx, img),
    image_url: imageUrl(ctx, `products/${img.productId}/${img.id}`, 'original', img.file),
  };
}

export function imagesJson(ctx: SerializeCtx, p: ProductRec): Json[] {
  return [...p.images]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id)
    .map((i) => productImageListJson(ctx, i));
}

export function optionJson(o: OptionRec): Json {
  return {
    id: o.id,
    product_id: o.productId,
    name: o.name,
    display_name: o.displayName,
    type: o.type,
    sort_order: o.sortOrder,
    config: {},
    option_values: o.values.map((v) => ({
      id: v.id,
      label: v.label,
      sort_order: v.sortOrder,
      value_data: v.colors ? { colors: v.colors } : null,
      is_default: v.isDefault,
    })),
  };
}

export function modifierJson(m: ModifierRec): Json {
  const config: Json = {};
  if (m.type === 'text' || m.type === 'multi_line_text') {
    config.default_value = m.defaultValue;
    config.text_characters_limited = m.textMaxLength !== null;
    config.text_min_length = 0;
    config.text_max_length = m.textMaxLength ?? 0;
  } else if (m.type === 'checkbox') {
    config.checked_by_default = m.defaultValue === 'yes';
    config.checkbox_label = m.checkboxLabel;
  }
  return {
    id: m.id,
    product_id: m.productId,
    name: m.name,
    display_name: m.displayName,
    type: m.type,
    required: m.required,
    sort_order: m.sortOrder,
    config,
    option_values: m.values.map((v) => ({
      id: v.id,
      option_id: m.id,
      label: v.label,
      sort_order: v.sortOrder,
      value_data: m.type === 'checkbox' ? { checked_value: v.label === 'Yes' } : null,
      is_default: v.isDefault,
      adjusters: {
        price: v.priceAdjuster
          ? { adjuster: v.priceAdjuster.kind, adjuster_value: v.priceAdjuster.value }
          : { adjuster: null, adjuster_value: 0 },
        weight: { adjuster: null, adjuster_value: 0 },
        image_url: '',
        purchasing_disabled: { status: false, message: '' },
      },
    })),
  };
}

export function variantJson(ctx: SerializeCtx, v: VariantRec): Json {
  const p = ctx.store.products.get(v.productId);
  const price = v.price ?? p?.price ?? 0;
  const sale = v.salePrice ?? p?.salePrice ?? 0;
  const optionValues = v.optionValueIds.map((vid) => {
    const opt = p?.options.find((o) => o.values.some((x) => x.id === vid));
    const val = opt?.values.find((x) => x.id === vid);
    return { id: vid, label: val?.label ?? '', option_id: opt?.id ?? 0, option_display_name: opt?.displayName ?? '' };
  });
  return {
    id: v.id,
    product_id: v.productId,
    sku: v.sku,
    sku_id: v.skuId,
    price: v.price === null ? null : money2(v.price),
    calculated_price: money2(effectivePrice(price, sale)),
    sale_price: v.salePrice === null ? null : money2(v.salePrice),
    retail_price: v.retailPrice === null ? null : money2(v.retailPrice),
    weight: v.weight,
    calculated_weight: v.weight ?? p?.weight ?? 0,
    width: null,
    height: null,
    depth: null,
    is_free_shipping: false,
    fixed_cost_shipping_price: null,
    purchasing_disabled: v.purchasingDisabled,
    purchasing_disabled_message: v.purchasingDisabledMessage,
    image_url: v.imageFile ? imageUrl(ctx, `products/${v.productId}/variants/${v.id}`, 'original', v.imageFile) : '',
    cost_price: v.costPrice === null ? null : money2(v.costPrice),
    upc: v.upc,
    mpn: v.mpn,
    gtin: v.gtin,
    inventory_level: ctx.store.variantInventoryLevel(v),
    inventory_warning_level: v.inventoryWarningLevel,
    bin_picking_number: v.binPickingNumber,
    option_values: optionValues,
  };
}

export const PRODUCT_INCLUDES = [
  'variants',
  'images',
  'custom_fields',
  'bulk_pricing_rules',
  'primary_image',
  'modifiers',
  'options',
  'videos',
  'parent_relations',
  'reviews',
  'channels',
] as const;

export function productJson(ctx: SerializeCtx, p: ProductRec, include: ReadonlySet<string>): Json {
  const out: Json = {
    id: p.id,
    name: p.name,
    type: p.type,
    sku: p.sku,
    description: p.description,
    weight: p.weight,
    width: p.width,
    depth: p.depth,
    height: p.height,
    price: money2(p.price),
    cost_price: money2(p.costPrice),
    retail_price: money2(p.retailPrice),
    sale_price: money2(p.salePrice),
    map_price: money2(p.mapPrice),
    tax_class_id: p.taxClassId,
    product_tax_code: p.productTaxCode,
    calculated_price: money2(effectivePrice(p.price, p.salePrice)),
    categories: p.categories,
    brand_id: p.brandId,
    inventory_level: ctx.store.productInventoryLevel(p),
    inventory_warning_level: p.inventoryWarningLevel,
    inventory_tracking: p.inventoryTracking,
    reviews_rating_sum: 0,
    reviews_count: 0,
    total_sold: p.totalSold,
    fixed_cost_shipping_price: money2(p.fixedCostShippingPrice),
    is_free_shipping: p.isFreeShipping,
    is_visible: p.isVisible,
    is_featured: p.isFeatured,
    related_products: p.relatedProducts,
    warranty: p.warranty,
    bin_picking_number: p.binPickingNumber,
    layout_file: 'product.html',
    upc: p.upc,
    mpn: p.mpn,
    gtin: p.gtin,
    search_keywords: p.searchKeywords,
    availability: p.availability,
    availability_description: p.availabilityDescription,
    gift_wrapping_options_type: 'any',
    gift_wrapping_options_list: [],
    sort_order: p.sortOrder,
    condition: p.condition,
    is_condition_shown: false,
    order_quantity_minimum: 0,
    order_quantity_maximum: 0,
    page_title: p.pageTitle,
    meta_keywords: p.metaKeywords,
    meta_description: p.metaDescription,
    date_created: iso8601(p.dateCreated),
    date_modified: iso8601(p.dateModified),
    view_count: p.viewCount,
    preorder_release_date: null,
    preorder_message: '',
    is_preorder_only: false,
    is_price_hidden: false,
    price_hidden_label: '',
    custom_url: { url: p.urlPath, is_customized: false },
    base_variant_id: p.baseVariantId,
    open_graph_type: 'product',
    open_graph_title: '',
    open_graph_description: '',
    open_graph_use_meta_description: true,
    open_graph_use_product_name: true,
    open_graph_use_image: true,
  };
  if (p.options.length > 0) {
    out.option_set_id = 100 + p.id;
    out.option_set_display = 'right';
  }
  if (include.has('variants')) out.variants = ctx.store.variantsOf(p.id).map((v) => variantJson(ctx, v));
  if (include.has('images')) out.images = imagesJson(ctx, p);
  if (include.has('custom_fields'))
    out.custom_fields = p.customFields.map((f) => ({ id: f.id, name: f.name, value: f.value }));
  if (include.has('bulk_pricing_rules')) {
    out.bulk_pricing_rules = p.bulkPricingRules.map((r) => ({
      id: r.id,
      quantity_min: r.quantityMin,
      quantity_max: r.quantityMax,
      type: r.type,
      amount: r.amount,
    }));
  }
  if (include.has('primary_image')) {
    const thumb = p.images.find((i) => i.isThumbnail) ?? p.images[0];
    // BigCommerce answers with an empty object (not null) when a product has no image.
    out.primary_image = thumb ? productImageJson(ctx, thumb) : {};
  }
  if (include.has('options')) out.options = p.options.map(optionJson);
  if (include.has('modifiers')) out.modifiers = p.modifiers.map(modifierJson);
  if (include.has('videos')) out.videos = [];
  if (include.has('parent_relations')) out.parent_relations = [];
  if (include.has('reviews')) out.reviews = [];
  if (include.has('channels')) out.channels = p.channels;
  return out;
}

export function categoryJson(ctx: SerializeCtx, c: CategoryRec): Json {
  return {
    id: c.id,
    parent_id: c.parentId,
    name: c.name,
    description: c.description,
    views: c.views,
    sort_order: c.sortOrder,
    page_title: c.pageTitle,
    meta_keywords: c.metaKeywords,
    meta_description: '',
    layout_file: 'category.html',
    image_url: c.imageFile ? imageUrl(ctx, `categories/${c.id}`, 'original', c.imageFile) : '',
    is_visible: c.isVisible,
    search_keywords: '',
    default_product_sort: c.defaultProductSort,
    custom_url: { url: c.urlPath, is_customized: false },
  };
}

export function treeCategoryJson(ctx: SerializeCtx, c: CategoryRec): Json {
  return {
    category_id: c.id,
    category_uuid: c.uuid,
    parent_id: c.parentId,
    tree_id: c.treeId,
    name: c.name,
    description: c.description,
    views: c.views,
    sort_order: c.sortOrder,
    page_title: c.pageTitle,
    meta_keywords: c.metaKeywords,
    meta_description: '',
    layout_file: 'category.html',
    image_url: c.imageFile ? imageUrl(ctx, `categories/${c.id}`, 'original', c.imageFile) : '',
    is_visible: c.isVisible,
    search_keywords: '',
    default_product_sort: c.defaultProductSort,
    url: { path: c.urlPath, is_customized: false },
  };
}

export function treeJson(t: TreeRec): Json {
  return { id: t.id, name: t.name, channels: t.channels };
}

export function brandJson(ctx: SerializeCtx, b: BrandRec): Json {
  return {
    id: b.id,
    name: b.name,
    page_title: b.pageTitle,
    meta_keywords: b.metaKeywords,
    meta_description: b.metaDescription,
    search_keywords: b.searchKeywords,
    image_url: b.imageFile ? imageUrl(ctx, `brands/${b.id}`, 'original', b.imageFile) : '',
    custom_url: { url: b.urlPath, is_customized: false },
  };
}
