/**
 * Record schemas, one per resource, following the field names and types of the OpenAPI
 * specs in shared/bigcommerce-api/reference. They are loose: unknown fields pass through
 * (BigCommerce adds fields without notice), and only what an importer relies on is
 * required. Enums are plain strings for the same reason: one new payment status must not
 * turn every order of a store into an invalid record.
 *
 * A record is validated once, when its page arrives (paging.ts); a failure becomes an
 * InvalidRecordError delivered next to the page's valid records.
 */
import { z } from 'zod';
import { isIsoDate, isRfc2822Date } from './dates.js';

// ---------------------------------------------------------------- building blocks

const id = z.number().int();
/** v2 money: a decimal string, "25.0000" (the spec's example also shows "0") */
const money = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string');
/**
 * Money that v2 writes as a string on one endpoint and as a number on another (shipping
 * costs are strings under /shipping_addresses but numbers inside consignments): always
 * handed on as a 4-decimal string, so mappers see one type.
 */
const moneyAny = z.union([money, z.number()]).transform((v) => (typeof v === 'number' ? v.toFixed(4) : v));
/** v2 dates: `Tue, 20 Nov 2012 00:00:00 +0000` */
const rfc2822 = z.string().refine(isRfc2822Date, 'expected an RFC 2822 date');
/** v2 dates that are "" until the event happens (date_shipped) */
const rfc2822OrEmpty = z.string().refine((s) => s === '' || isRfc2822Date(s), 'expected an RFC 2822 date or ""');
/** v3 dates: ISO 8601 / RFC 3339 */
const isoDate = z.string().refine(isIsoDate, 'expected an ISO 8601 date');
/** `{url, resource}`: what v2 returns in place of a sub-resource that was not included */
export const BcLink = z.looseObject({ url: z.string(), resource: z.string() });
export type BcLink = z.infer<typeof BcLink>;
/** ids the spec types as string on some endpoints and number on others; always numbers here */
const numericId = z.union([id, z.string().regex(/^\d+$/, 'expected a numeric id')]).transform(Number);
const formField = z.looseObject({ name: z.string(), value: z.union([z.string(), z.number(), z.array(z.unknown())]) });

// ---------------------------------------------------------------- store-level (v2)

export const BcStore = z.looseObject({
  id: z.string(),
  name: z.string(),
  domain: z.string().optional(),
  secure_url: z.string().optional(),
  control_panel_base_url: z.string().optional(),
  status: z.string().optional(),
  country: z.string().optional(),
  country_code: z.string().optional(),
  admin_email: z.string().optional(),
  order_email: z.string().optional(),
  timezone: z.looseObject({
    name: z.string(),
    raw_offset: z.number().optional(),
    dst_offset: z.number().optional(),
    dst_correction: z.boolean().optional(),
  }),
  language: z.string().optional(),
  currency: z.string(),
  currency_symbol: z.string().optional(),
  decimal_places: z.number().int().optional(),
  weight_units: z.string(),
  dimension_units: z.string(),
  plan_name: z.string().optional(),
  plan_level: z.string().optional(),
  is_price_entered_with_tax: z.boolean(),
  store_id: z.number().int().optional(),
  default_channel_id: z.number().int().optional(),
  default_site_id: z.number().int().optional(),
  features: z.looseObject({ multi_storefront_enabled: z.boolean().optional() }).optional(),
});
export type BcStore = z.infer<typeof BcStore>;

export const BcTime = z.looseObject({ time: z.number().int() });
export type BcTime = z.infer<typeof BcTime>;

export const BcCurrency = z.looseObject({
  id,
  currency_code: z.string(),
  currency_exchange_rate: z.union([money, z.number()]).transform(String),
  is_default: z.boolean(),
  is_transactional: z.boolean().optional(),
  enabled: z.boolean().optional(),
  name: z.string().optional(),
  country_iso2: z.string().optional(),
  default_for_country_codes: z.array(z.string()).optional(),
  auto_update: z.boolean().optional(),
  token_location: z.string().optional(),
  token: z.string().optional(),
  decimal_token: z.string().optional(),
  thousands_token: z.string().optional(),
  decimal_places: z.number().int().optional(),
  use_default_name: z.boolean().optional(),
  last_updated: z.string().optional(),
});
export type BcCurrency = z.infer<typeof BcCurrency>;

export const BcOrderStatus = z.looseObject({
  id,
  name: z.string(),
  system_label: z.string().optional(),
  custom_label: z.string().optional(),
  system_description: z.string().optional(),
});
export type BcOrderStatus = z.infer<typeof BcOrderStatus>;

export const BcCustomerGroup = z.looseObject({
  id,
  name: z.string(),
  is_default: z.boolean().optional(),
  is_group_for_guests: z.boolean().optional(),
  category_access: z.looseObject({ type: z.string(), categories: z.array(id).optional() }).optional(),
  discount_rules: z.array(z.looseObject({
    type: z.string(),
    method: z.string().optional(),
    amount: z.union([z.string(), z.number()]).optional(),
    price_list_id: id.optional(),
    category_id: id.optional(),
    product_id: id.optional(),
  })).optional(),
  date_created: z.string().optional(),
  date_modified: z.string().optional(),
});
export type BcCustomerGroup = z.infer<typeof BcCustomerGroup>;

/** `id` is a string in tax_classes.v2.yml but a number as products' `tax_class_id`; made a number to join them. */
export const BcTaxClass = z.looseObject({
  id: numericId,
  name: z.string(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});
export type BcTaxClass = z.infer<typeof BcTaxClass>;

// ---------------------------------------------------------------- catalog (v3)

export const BcCustomUrl = z.looseObject({ url: z.string(), is_customized: z.boolean().optional() });

export const BcOptionValue = z.looseObject({
  id,
  label: z.string(),
  option_id: id,
  option_display_name: z.string(),
});
export type BcOptionValue = z.infer<typeof BcOptionValue>;

export const BcVariant = z.looseObject({
  id,
  product_id: id,
  sku: z.string(),
  sku_id: id.nullish(),
  price: z.number().nullish(),
  sale_price: z.number().nullish(),
  retail_price: z.number().nullish(),
  cost_price: z.number().nullish(),
  calculated_price: z.number().optional(),
  weight: z.number().nullish(),
  calculated_weight: z.number().optional(),
  width: z.number().nullish(),
  height: z.number().nullish(),
  depth: z.number().nullish(),
  is_free_shipping: z.boolean().optional(),
  fixed_cost_shipping_price: z.number().nullish(),
  purchasing_disabled: z.boolean().optional(),
  purchasing_disabled_message: z.string().optional(),
  image_url: z.string().optional(),
  upc: z.string().nullish(),
  mpn: z.string().nullish(),
  gtin: z.string().nullish(),
  bin_picking_number: z.string().nullish(),
  inventory_level: z.number().int().nullish(),
  inventory_warning_level: z.number().int().nullish(),
  option_values: z.array(BcOptionValue),
});
export type BcVariant = z.infer<typeof BcVariant>;

export const BcImage = z.looseObject({
  id,
  product_id: id,
  is_thumbnail: z.boolean().optional(),
  sort_order: z.number().int().optional(),
  description: z.string().optional(),
  image_file: z.string().optional(),
  image_url: z.string().optional(),
  url_zoom: z.string().optional(),
  url_standard: z.string().optional(),
  url_thumbnail: z.string().optional(),
  url_tiny: z.string().optional(),
  date_modified: isoDate.optional(),
});
export type BcImage = z.infer<typeof BcImage>;

export const BcCustomField = z.looseObject({ id: id.optional(), name: z.string(), value: z.string() });
export type BcCustomField = z.infer<typeof BcCustomField>;

export const BcBulkPricingRule = z.looseObject({
  id: id.optional(),
  quantity_min: z.number().int(),
  quantity_max: z.number().int(),
  type: z.string(),
  amount: z.union([z.number(), z.string()]),
});
export type BcBulkPricingRule = z.infer<typeof BcBulkPricingRule>;

export const BcProductOptionValue = z.looseObject({
  id,
  label: z.string(),
  sort_order: z.number().int().optional(),
  is_default: z.boolean().optional(),
  value_data: z.unknown().optional(),
});
export type BcProductOptionValue = z.infer<typeof BcProductOptionValue>;

/** A variant option (`/catalog/products/{id}/options`): the options that generate variants. */
export const BcProductOption = z.looseObject({
  id,
  product_id: id,
  display_name: z.string(),
  name: z.string().optional(),
  type: z.string(),
  sort_order: z.number().int().optional(),
  option_values: z.array(BcProductOptionValue),
});
export type BcProductOption = z.infer<typeof BcProductOption>;

export const BcProduct = z.looseObject({
  id,
  name: z.string(),
  type: z.string(),
  sku: z.string(),
  description: z.string().optional(),
  weight: z.number().optional(),
  width: z.number().optional(),
  depth: z.number().optional(),
  height: z.number().optional(),
  price: z.number(),
  cost_price: z.number().optional(),
  retail_price: z.number().optional(),
  sale_price: z.number().optional(),
  map_price: z.number().optional(),
  calculated_price: z.number().optional(),
  tax_class_id: z.number().int().optional(),
  product_tax_code: z.string().optional(),
  categories: z.array(id),
  brand_id: z.number().int().optional(),
  inventory_level: z.number().int().optional(),
  inventory_warning_level: z.number().int().optional(),
  inventory_tracking: z.string(),
  is_free_shipping: z.boolean().optional(),
  is_visible: z.boolean().optional(),
  is_featured: z.boolean().optional(),
  availability: z.string().optional(),
  condition: z.string().optional(),
  upc: z.string().optional(),
  mpn: z.string().optional(),
  gtin: z.string().optional(),
  bin_picking_number: z.string().optional(),
  search_keywords: z.string().optional(),
  sort_order: z.number().int().optional(),
  page_title: z.string().optional(),
  meta_description: z.string().optional(),
  custom_url: BcCustomUrl.optional(),
  base_variant_id: id.nullish(),
  option_set_id: id.nullish(),
  date_created: isoDate.optional(),
  date_modified: isoDate,
  channels: z.array(id).optional(),
  // sub-resources, present when asked for with include=
  variants: z.array(BcVariant).optional(),
  images: z.array(BcImage).optional(),
  custom_fields: z.array(BcCustomField).optional(),
  bulk_pricing_rules: z.array(BcBulkPricingRule).optional(),
  /** `{}` when the product has no image; made null so "no image" has one spelling */
  primary_image: z.preprocess(
    (v) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0 ? null : v),
    BcImage.nullish(),
  ),
  options: z.array(BcProductOption).optional(),
});
export type BcProduct = z.infer<typeof BcProduct>;

export const BcCategory = z.looseObject({
  id,
  parent_id: id,
  name: z.string(),
  description: z.string().optional(),
  sort_order: z.number().int().optional(),
  page_title: z.string().optional(),
  meta_keywords: z.array(z.string()).optional(),
  meta_description: z.string().optional(),
  image_url: z.string().optional(),
  is_visible: z.boolean().optional(),
  search_keywords: z.string().optional(),
  default_product_sort: z.string().optional(),
  custom_url: BcCustomUrl.optional(),
});
export type BcCategory = z.infer<typeof BcCategory>;

export const BcCategoryTree = z.looseObject({ id, name: z.string(), channels: z.array(id).optional() });
export type BcCategoryTree = z.infer<typeof BcCategoryTree>;

/** `/catalog/trees/categories`: a category as placed in one tree (ids are `category_id`). */
export const BcTreeCategory = z.looseObject({
  category_id: id,
  tree_id: id,
  parent_id: id,
  name: z.string(),
  category_uuid: z.string().optional(),
  description: z.string().optional(),
  sort_order: z.number().int().optional(),
  page_title: z.string().optional(),
  meta_description: z.string().optional(),
  image_url: z.string().optional(),
  is_visible: z.boolean().optional(),
  default_product_sort: z.string().optional(),
  url: z.looseObject({ path: z.string(), is_customized: z.boolean().optional() }).optional(),
});
export type BcTreeCategory = z.infer<typeof BcTreeCategory>;

export const BcBrand = z.looseObject({
  id,
  name: z.string(),
  page_title: z.string().optional(),
  meta_keywords: z.array(z.string()).optional(),
  meta_description: z.string().optional(),
  search_keywords: z.string().optional(),
  image_url: z.string().optional(),
  custom_url: BcCustomUrl.optional(),
});
export type BcBrand = z.infer<typeof BcBrand>;

// ---------------------------------------------------------------- customers (v3)

export const BcAddress = z.looseObject({
  id,
  customer_id: id,
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  address1: z.string(),
  address2: z.string().optional(),
  city: z.string(),
  state_or_province: z.string(),
  postal_code: z.string(),
  country_code: z.string(),
  country: z.string().optional(),
  phone: z.string().optional(),
  address_type: z.string().optional(),
  form_fields: z.array(formField).optional(),
});
export type BcAddress = z.infer<typeof BcAddress>;

export const BcCustomer = z.looseObject({
  id,
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  phone: z.string().optional(),
  notes: z.string().optional(),
  tax_exempt_category: z.string().optional(),
  registration_ip_address: z.string().optional(),
  customer_group_id: z.number().int(),
  date_created: isoDate,
  date_modified: isoDate,
  address_count: z.number().int().optional(),
  attribute_count: z.number().int().optional(),
  accepts_product_review_abandoned_cart_emails: z.boolean().optional(),
  origin_channel_id: z.number().int().optional(),
  channel_ids: z.array(id).nullish(),
  authentication: z.looseObject({ force_password_reset: z.boolean().optional() }).optional(),
  addresses: z.array(BcAddress).optional(),
  store_credit_amounts: z.array(z.looseObject({ amount: z.number() })).optional(),
  form_fields: z.array(formField).optional(),
});
export type BcCustomer = z.infer<typeof BcCustomer>;

// ---------------------------------------------------------------- orders (v2)

export const BcBillingAddress = z.looseObject({
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  street_1: z.string(),
  street_2: z.string().optional(),
  city: z.string(),
  state: z.string().optional(),
  zip: z.string(),
  country: z.string(),
  country_iso2: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  form_fields: z.array(formField).optional(),
});
export type BcBillingAddress = z.infer<typeof BcBillingAddress>;

export const BcOrderProduct = z.looseObject({
  id,
  order_id: id,
  product_id: id,
  variant_id: id.nullish(),
  order_address_id: id.optional(),
  order_pickup_method_id: id.optional(),
  parent_order_product_id: id.nullish(),
  is_bundled_product: z.boolean().optional(),
  name: z.string(),
  name_customer: z.string().optional(),
  name_merchant: z.string().optional(),
  sku: z.string(),
  upc: z.string().optional(),
  type: z.string(),
  quantity: z.number().int(),
  quantity_shipped: z.number().optional(),
  quantity_refunded: z.number().optional(),
  is_refunded: z.boolean().optional(),
  refund_amount: money.optional(),
  base_price: money,
  price_ex_tax: money,
  price_inc_tax: money,
  price_tax: money,
  base_total: money,
  total_ex_tax: money,
  total_inc_tax: money,
  total_tax: money,
  discounted_total_inc_tax: money.optional(),
  base_cost_price: money.optional(),
  cost_price_ex_tax: money.optional(),
  cost_price_inc_tax: money.optional(),
  cost_price_tax: money.optional(),
  weight: z.union([z.number(), z.string()]).optional(),
  fixed_shipping_cost: money.optional(),
  wrapping_id: z.number().int().optional(),
  wrapping_name: z.string().nullish(),
  base_wrapping_cost: moneyAny.optional(),
  wrapping_cost_ex_tax: money.optional(),
  wrapping_cost_inc_tax: money.optional(),
  wrapping_cost_tax: money.optional(),
  gift_certificate_id: id.nullish(),
  external_id: z.string().nullish(),
  applied_discounts: z.array(z.looseObject({
    id: z.union([z.string(), z.number()]),
    amount: moneyAny,
    name: z.string().optional(),
    code: z.string().nullish(),
    target: z.string().optional(),
  })).optional(),
  product_options: z.array(z.looseObject({
    id: id.optional(),
    option_id: id.optional(),
    product_option_id: id.optional(),
    display_name: z.string().optional(),
    display_value: z.string().optional(),
    value: z.string().optional(),
    type: z.string().optional(),
    name: z.string().optional(),
  })).optional(),
});
export type BcOrderProduct = z.infer<typeof BcOrderProduct>;

/**
 * An order's shipping address, from `/orders/{id}/shipping_addresses` or from a shipping
 * consignment (which lacks `order_id`; the client fills it in). Costs are 4-decimal strings
 * whichever source they came from.
 */
export const BcShippingAddress = z.looseObject({
  id,
  order_id: id,
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  street_1: z.string(),
  street_2: z.string().optional(),
  city: z.string(),
  state: z.string().optional(),
  zip: z.string(),
  country: z.string(),
  country_iso2: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  items_total: z.number().optional(),
  items_shipped: z.number().optional(),
  shipping_method: z.string().optional(),
  base_cost: moneyAny.optional(),
  cost_ex_tax: moneyAny,
  cost_inc_tax: moneyAny,
  cost_tax: moneyAny.optional(),
  cost_tax_class_id: z.number().int().optional(),
  base_handling_cost: moneyAny.optional(),
  handling_cost_ex_tax: moneyAny.optional(),
  handling_cost_inc_tax: moneyAny.optional(),
  handling_cost_tax: moneyAny.optional(),
  handling_cost_tax_class_id: z.number().int().optional(),
  shipping_zone_id: z.number().optional(),
  shipping_zone_name: z.string().optional(),
  form_fields: z.array(formField).optional(),
});
export type BcShippingAddress = z.infer<typeof BcShippingAddress>;

/** `type`: 0 per-item, 1 percentage, 2 per-total, 3 shipping, 4 free shipping, 5 promotion. */
export const BcCoupon = z.looseObject({
  id,
  coupon_id: id,
  order_id: id,
  code: z.string().nullish(),
  amount: z.union([z.string(), z.number()]),
  type: z.number().int(),
  discount: z.number(),
});
export type BcCoupon = z.infer<typeof BcCoupon>;

export const BcOrderFee = z.looseObject({
  id,
  type: z.string(),
  display_name_customer: z.string().optional(),
  display_name_merchant: z.string().optional(),
  source: z.string().optional(),
  base_cost: moneyAny,
  cost_ex_tax: moneyAny,
  cost_inc_tax: moneyAny,
  cost_tax: moneyAny,
  tax_class_id: z.number().int().nullish(),
});
export type BcOrderFee = z.infer<typeof BcOrderFee>;

const lineItems = z.array(z.unknown());
/** `include=consignments.line_items&consignment_structure=object`; line items are checked as BcOrderProduct by the client. */
export const BcOrderConsignments = z.looseObject({
  shipping: z.array(z.looseObject({ id, line_items: lineItems })).optional(),
  pickups: z.array(z.looseObject({ id: id.optional(), line_items: lineItems })).optional(),
  downloads: z.array(z.looseObject({ line_items: lineItems })).optional(),
  email: z.looseObject({
    gift_certificates: z.array(z.looseObject({ line_items: lineItems })).optional(),
  }).optional(),
});
export type BcOrderConsignments = z.infer<typeof BcOrderConsignments>;

export const BcOrder = z.looseObject({
  id,
  status_id: z.number().int(),
  status: z.string().optional(),
  customer_id: z.number().int(),
  channel_id: z.number().int().optional(),
  cart_id: z.string().optional(),
  date_created: rfc2822,
  date_modified: rfc2822,
  date_shipped: rfc2822OrEmpty.optional(),
  is_deleted: z.boolean().optional(),
  order_source: z.string().optional(),
  external_source: z.string().nullish(),
  external_id: z.string().nullish(),
  external_order_id: z.string().nullish(),
  customer_message: z.string().optional(),
  staff_notes: z.string().optional(),
  ip_address: z.string().optional(),
  items_total: z.number().optional(),
  items_shipped: z.number().optional(),
  shipping_address_count: z.number().optional(),
  is_tax_inclusive_pricing: z.boolean().optional(),
  // money: 4-decimal strings
  subtotal_ex_tax: money,
  subtotal_inc_tax: money,
  subtotal_tax: money.optional(),
  base_shipping_cost: money.optional(),
  shipping_cost_ex_tax: money,
  shipping_cost_inc_tax: money,
  shipping_cost_tax: money.optional(),
  shipping_cost_tax_class_id: z.number().int().optional(),
  base_handling_cost: money.optional(),
  handling_cost_ex_tax: money.optional(),
  handling_cost_inc_tax: money.optional(),
  handling_cost_tax: money.optional(),
  handling_cost_tax_class_id: z.number().int().optional(),
  base_wrapping_cost: money.optional(),
  wrapping_cost_ex_tax: money.optional(),
  wrapping_cost_inc_tax: money.optional(),
  wrapping_cost_tax: money.optional(),
  wrapping_cost_tax_class_id: z.number().int().optional(),
  total_ex_tax: money,
  total_inc_tax: money,
  total_tax: money.optional(),
  discount_amount: money.optional(),
  coupon_discount: money.optional(),
  store_credit_amount: money.optional(),
  gift_certificate_amount: money.optional(),
  refunded_amount: money.optional(),
  // currencies: default_* is what the shopper paid in
  currency_id: z.number().int().optional(),
  currency_code: z.string().optional(),
  currency_exchange_rate: money.optional(),
  default_currency_id: z.number().int().optional(),
  default_currency_code: z.string(),
  store_default_currency_code: z.string().optional(),
  store_default_to_transactional_exchange_rate: money.optional(),
  payment_method: z.string().optional(),
  payment_provider_id: z.union([z.string(), z.number()]).nullish(),
  payment_status: z.string().optional(),
  billing_address: BcBillingAddress,
  // sub-resources: links unless included
  products: z.union([BcLink, z.array(z.unknown())]).optional(),
  shipping_addresses: z.union([BcLink, z.array(z.unknown())]).optional(),
  coupons: z.union([BcLink, z.array(z.unknown())]).optional(),
  consignments: z.union([BcLink, BcOrderConsignments, z.array(z.unknown())]).optional(),
  fees: z.union([BcLink, z.array(BcOrderFee)]).optional(),
});
export type BcOrder = z.infer<typeof BcOrder>;

export const BcOrderCount = z.looseObject({
  count: z.number().int(),
  statuses: z.array(z.looseObject({ id, name: z.string().optional(), count: z.number().int() })).optional(),
});
export type BcOrderCount = z.infer<typeof BcOrderCount>;

// ---------------------------------------------------------------- payments (v3)

export const BcTransaction = z.looseObject({
  id,
  /** a string in orders.v3.yml; made a number to join with orders */
  order_id: numericId,
  event: z.string(),
  method: z.string(),
  amount: z.number(),
  currency: z.string(),
  gateway: z.string(),
  gateway_transaction_id: z.string().nullish(),
  status: z.string().optional(),
  test: z.boolean().optional(),
  fraud_review: z.boolean().optional(),
  reference_transaction_id: z.number().int().nullish(),
  payment_method_id: z.string().nullish(),
  date_created: isoDate,
  offline: z.looseObject({ display_name: z.string().optional() }).nullish(),
  custom: z.looseObject({ payment_method: z.string().optional() }).nullish(),
});
export type BcTransaction = z.infer<typeof BcTransaction>;

/**
 * What a refund line refunds, by `item_type`: PRODUCT/GIFT_WRAPPING → order product id;
 * SHIPPING/HANDLING → order address id; ORDER → the order id; FEE → the fee id.
 */
export const BcRefundItem = z.looseObject({
  item_type: z.string(),
  item_id: id,
  quantity: z.number().int().nullish(),
  requested_amount: z.union([z.number(), z.string()]).nullish(),
  reason: z.string().nullish(),
  adjustments: z.array(z.looseObject({ amount: z.number(), description: z.string().optional() })).optional(),
});
export type BcRefundItem = z.infer<typeof BcRefundItem>;

export const BcRefundPayment = z.looseObject({
  id: id.optional(),
  provider_id: z.string(),
  amount: z.number(),
  offline: z.boolean(),
  is_declined: z.boolean(),
  declined_message: z.string().nullish(),
  transaction_id: z.string().nullish(),
});
export type BcRefundPayment = z.infer<typeof BcRefundPayment>;

export const BcRefund = z.looseObject({
  id,
  order_id: id,
  user_id: z.number().int().optional(),
  created: isoDate,
  reason: z.string().nullish(),
  total_amount: z.number(),
  total_tax: z.number().optional(),
  uses_merchant_override_values: z.boolean().optional(),
  items: z.array(BcRefundItem),
  payments: z.array(BcRefundPayment),
});
export type BcRefund = z.infer<typeof BcRefund>;

// ---------------------------------------------------------------- inventory (v3)

export const BcInventoryItem = z.looseObject({
  identity: z.looseObject({
    sku: z.string().optional(),
    variant_id: id,
    product_id: id,
    sku_id: id.nullish(),
  }),
  locations: z.array(z.looseObject({
    location_id: id,
    location_code: z.string().optional(),
    location_name: z.string().optional(),
    available_to_sell: z.number().int(),
    total_inventory_onhand: z.number().int(),
    location_enabled: z.boolean().optional(),
    settings: z.looseObject({
      safety_stock: z.number().int().optional(),
      is_in_stock: z.boolean().optional(),
      warning_level: z.number().int().optional(),
      bin_picking_number: z.string().nullish(),
    }).optional(),
  })),
});
export type BcInventoryItem = z.infer<typeof BcInventoryItem>;

export const BcLocation = z.looseObject({
  id,
  code: z.string(),
  label: z.string(),
  description: z.string().optional(),
  managed_by_external_source: z.boolean().optional(),
  type_id: z.string().optional(),
  enabled: z.boolean(),
  storefront_visibility: z.boolean().optional(),
  time_zone: z.string().optional(),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
  address: z.looseObject({
    address1: z.string().optional(),
    address2: z.string().optional(),
    city: z.string().optional(),
    state: z.string().optional(),
    zip: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
    country_code: z.string().optional(),
  }).nullish(),
});
export type BcLocation = z.infer<typeof BcLocation>;

// ---------------------------------------------------------------- record ids

/** The id to name in an InvalidRecordError, read from the raw (unvalidated) record. */
export function recordIdOf(raw: unknown): string | number | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  for (const key of ['id', 'category_id']) {
    const v = r[key];
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  const identity = r.identity as Record<string, unknown> | undefined;
  if (identity && typeof identity === 'object') {
    const v = identity.variant_id;
    if (typeof v === 'number' || typeof v === 'string') return v;
  }
  return undefined;
}
