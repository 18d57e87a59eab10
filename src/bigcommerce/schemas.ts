/**
 * Record schemas, one per resource, following the field names of the OpenAPI specs in
 * shared/bigcommerce-api/reference — but the types of what real stores send, which the specs
 * do not always admit. They are loose: unknown fields pass through (BigCommerce adds fields
 * without notice), and only what an importer cannot work without is required. Enums are plain
 * strings for the same reason: one new payment status must not turn every order of a store
 * into an invalid record.
 *
 * Real responses are the authority. Orders created through the API, a POS or a marketplace
 * carry `null` where the spec says string (staff_notes, customer_message, cart_id…), v2 sends
 * "" for dates that have not happened, numbers come as strings and strings as numbers, and
 * 0 or null stands for "no such record" (variant_id, brand_id, parent_order_product_id). The
 * building blocks below take all of that at the edge, so importers see one spelling per
 * meaning:
 *
 *   absent or null (optional field)        → undefined
 *   null text an importer always reads     → ''           (names, address lines: `text`)
 *   "" or null date                        → undefined    (`optV2Date`, `optV3Date`)
 *   "12" for a number, 12 for a string     → the declared type
 *   0 or null as a reference to a record   → undefined    (`ref`)
 *   null where 0 is BigCommerce's own word → 0            (`idOrZero`: guest customer, top-level category)
 *   a date_modified "" or null             → date_created (never modified since)
 *
 * A required field must still be present: null reads as its empty value, but a missing key
 * means a shape we do not know, and the record fails naming the field.
 *
 * A record is validated once, when its page arrives (paging.ts); a failure becomes an
 * InvalidRecordError, naming the record and the field, delivered next to the page's valid
 * records.
 */
import { z } from 'zod';
import { isIsoDate, isRfc2822Date } from './dates.js';

// ---------------------------------------------------------------- building blocks

const isBlank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const received = (v: unknown): string => (v === null ? 'null' : v === undefined ? 'nothing' : typeof v);

/** Optional, and null means absent: importers test one thing, `=== undefined` (or `??`). */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === null ? undefined : v), schema.optional());
}

/** Optional, and null or "" means absent: for values where "" cannot be a value (dates, amounts, ids). */
function optionalNonBlank<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (isBlank(v) ? undefined : v), schema.optional());
}

/** A list that comes as null when empty: []. Absent is still an error, like every required field. */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === null ? [] : v), z.array(item));
}

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
/** "12.5" → 12.5; anything else is left for the schema to judge. */
const fromNumericString = (v: unknown): unknown => (typeof v === 'string' && NUMERIC.test(v) ? Number(v) : v);

/** A number, also when sent as a numeric string. */
const num = z.preprocess(fromNumericString, z.number());
/** An integer, also when sent as a numeric string. */
const int = z.preprocess(fromNumericString, z.number().int());
/** A record id: a non-negative integer, or its string (tax class ids are strings in tax_classes.v2.yml). */
const id = z.preprocess(fromNumericString, z.number().int().nonnegative());
/** A reference to another record, where 0 or null means "none" (variant_id, brand_id…): undefined then. */
const ref = z.preprocess((v) => (isBlank(v) || v === 0 || v === '0' ? undefined : v), id.optional());
/** An id where BigCommerce itself gives 0 a meaning (customer_id 0 = guest, parent_id 0 = top level): null or "" reads as 0. */
const idOrZero = z.preprocess((v) => (v !== undefined && isBlank(v) ? 0 : v), id);

/** Text an importer always reads (names, address lines): null → '', a number (a zip code) → its digits. Must be present. */
const text = z.preprocess((v) => (v === null ? '' : typeof v === 'number' ? String(v) : v), z.string());
/** Optional text: null → undefined, a number → its digits. */
const optText = optional(z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()));
/** An optional flag; null → undefined. */
const optBool = optional(z.boolean());

const DECIMAL = /^-?\d+(\.\d+)?$/;
/**
 * v2 money: a decimal string ("25.0000"), kept as sent so its decimals still tell its precision.
 * Some endpoints (consignments, fees) and some stores send numbers: those become 4-decimal
 * strings, so mappers see one type.
 */
const money = z.preprocess(
  (v) => (typeof v === 'number' ? v.toFixed(4) : typeof v === 'string' ? v.trim() : v),
  z
    .string({ error: (iss) => `expected a decimal amount, received ${received(iss.input)}` })
    .regex(DECIMAL, 'expected a decimal amount'),
);
/** Money that may be missing, null or "" (then undefined: "no amount", which mappers read as 0). */
const optMoney = optionalNonBlank(money);
/** An exchange rate: a decimal string ("0.9200000000"), also when sent as a number. */
const rate = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().regex(DECIMAL, 'expected a decimal rate'),
);

/** v2 dates: `Tue, 20 Nov 2012 00:00:00 +0000`. */
const v2Date = z
  .string({ error: (iss) => `expected an RFC 2822 date, received ${received(iss.input)}` })
  .refine(isRfc2822Date, 'expected an RFC 2822 date');
/** v3 dates: ISO 8601 / RFC 3339. */
const v3Date = z
  .string({ error: (iss) => `expected an ISO 8601 date, received ${received(iss.input)}` })
  .refine(isIsoDate, 'expected an ISO 8601 date');
/** A date that is "" or null until it happens (date_shipped) or when unknown: undefined then. */
const optV2Date = optionalNonBlank(v2Date);
const optV3Date = optionalNonBlank(v3Date);

/**
 * A record never modified may say so with date_modified "" or null: it was last modified when
 * it was created. Cursors need a date, so the creation date stands in; when both are missing
 * the record fails on date_modified.
 */
function modifiedDefaultsToCreated<T extends z.ZodType>(schema: T) {
  return z.preprocess((raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const r = raw as Record<string, unknown>;
    return isBlank(r.date_modified) && !isBlank(r.date_created) ? { ...r, date_modified: r.date_created } : r;
  }, schema);
}

/** `{url, resource}`: what v2 returns in place of a sub-resource that was not included. Strict: it tells links from records. */
export const BcLink = z.looseObject({ url: z.string(), resource: z.string() });
export type BcLink = z.infer<typeof BcLink>;
/** Form fields are carried, never read: any value. */
const formField = z.looseObject({ name: text, value: z.unknown() });
const formFields = optional(z.array(formField));

// ---------------------------------------------------------------- store-level (v2)

export const BcStore = z.looseObject({
  id: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string()),
  name: text,
  domain: optText,
  secure_url: optText,
  control_panel_base_url: optText,
  status: optText,
  country: optText,
  country_code: optText,
  admin_email: optText,
  order_email: optText,
  timezone: optional(
    z.looseObject({
      name: optText,
      raw_offset: optional(num),
      dst_offset: optional(num),
      dst_correction: optBool,
    }),
  ),
  language: optText,
  /** the default currency: the store pricelist is made in it */
  currency: z.string(),
  currency_symbol: optText,
  decimal_places: optional(int),
  weight_units: optText,
  dimension_units: optText,
  plan_name: optText,
  plan_level: optText,
  is_price_entered_with_tax: optBool,
  store_id: optional(int),
  default_channel_id: optional(int),
  default_site_id: optional(int),
  features: optional(z.looseObject({ multi_storefront_enabled: optBool })),
});
export type BcStore = z.infer<typeof BcStore>;

export const BcTime = z.looseObject({ time: int });
export type BcTime = z.infer<typeof BcTime>;

export const BcCurrency = z.looseObject({
  id,
  currency_code: z.string(),
  currency_exchange_rate: rate,
  is_default: optBool,
  is_transactional: optBool,
  enabled: optBool,
  name: optText,
  country_iso2: optText,
  default_for_country_codes: optional(z.array(z.string())),
  auto_update: optBool,
  token_location: optText,
  token: optText,
  decimal_token: optText,
  thousands_token: optText,
  decimal_places: optional(int),
  use_default_name: optBool,
  last_updated: optText,
});
export type BcCurrency = z.infer<typeof BcCurrency>;

export const BcOrderStatus = z.looseObject({
  id,
  name: text,
  system_label: optText,
  custom_label: optText,
  system_description: optText,
});
export type BcOrderStatus = z.infer<typeof BcOrderStatus>;

export const BcCustomerGroup = z.looseObject({
  id,
  name: text,
  is_default: optBool,
  is_group_for_guests: optBool,
  category_access: optional(z.looseObject({ type: optText, categories: optional(z.array(id)) })),
  discount_rules: optional(
    z.array(
      z.looseObject({
        type: optText,
        method: optText,
        amount: optional(num),
        price_list_id: ref,
        category_id: ref,
        product_id: ref,
      }),
    ),
  ),
  date_created: optText,
  date_modified: optText,
});
export type BcCustomerGroup = z.infer<typeof BcCustomerGroup>;

/** `id` is a string in tax_classes.v2.yml but a number as products' `tax_class_id`; made a number to join them. */
export const BcTaxClass = z.looseObject({
  id,
  name: text,
  created_at: optText,
  updated_at: optText,
});
export type BcTaxClass = z.infer<typeof BcTaxClass>;

// ---------------------------------------------------------------- catalog (v3)

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

// ---------------------------------------------------------------- customers (v3)

/** An address book entry. Text fields are '' when BigCommerce sends null. */
export const BcAddress = z.looseObject({
  id,
  customer_id: id,
  first_name: text,
  last_name: text,
  company: optText,
  address1: text,
  address2: optText,
  city: text,
  state_or_province: text,
  postal_code: text,
  country_code: text,
  country: optText,
  phone: optText,
  address_type: optText,
  form_fields: formFields,
});
export type BcAddress = z.infer<typeof BcAddress>;

export const BcCustomer = modifiedDefaultsToCreated(
  z.looseObject({
    id,
    /** the customer's login: BigCommerce has no customer without one, so null is a record we cannot read */
    email: z.string(),
    first_name: text,
    last_name: text,
    company: optText,
    phone: optText,
    notes: optText,
    tax_exempt_category: optText,
    registration_ip_address: optText,
    /** 0: no group */
    customer_group_id: idOrZero,
    date_created: optV3Date,
    date_modified: v3Date,
    address_count: optional(int),
    attribute_count: optional(int),
    accepts_product_review_abandoned_cart_emails: optBool,
    origin_channel_id: optional(int),
    channel_ids: optional(z.array(id)),
    authentication: optional(z.looseObject({ force_password_reset: optBool })),
    addresses: optional(z.array(BcAddress)),
    store_credit_amounts: optional(z.array(z.looseObject({ amount: optional(num) }))),
    form_fields: formFields,
  }),
);
export type BcCustomer = z.infer<typeof BcCustomer>;

// ---------------------------------------------------------------- orders (v2)

/** An order's billing address. Marketplace and API orders leave parts null: '' (or undefined) then. */
/** The address fields billing and shipping addresses share. */
const orderAddressFields = {
  first_name: text,
  last_name: text,
  company: optText,
  street_1: text,
  street_2: optText,
  city: text,
  state: optText,
  zip: text,
  country: text,
  country_iso2: text,
  phone: optText,
  email: optText,
};

export const BcBillingAddress = z.looseObject({
  ...orderAddressFields,
  form_fields: formFields,
});
export type BcBillingAddress = z.infer<typeof BcBillingAddress>;

/**
 * A line of an order. Custom products have product_id 0; `variant_id` and
 * `parent_order_product_id` are undefined when BigCommerce sends 0 or null. The unit and line
 * amounts are what the order mapper prices and taxes the line with, so they are required.
 */
export const BcOrderProduct = z.looseObject({
  id,
  order_id: id,
  product_id: idOrZero,
  variant_id: ref,
  order_address_id: ref,
  order_pickup_method_id: ref,
  parent_order_product_id: ref,
  is_bundled_product: optBool,
  name: text,
  name_customer: optText,
  name_merchant: optText,
  sku: text,
  upc: optText,
  type: text,
  quantity: int,
  quantity_shipped: optional(num),
  quantity_refunded: optional(num),
  is_refunded: optBool,
  refund_amount: optMoney,
  base_price: optMoney,
  price_ex_tax: money,
  price_inc_tax: money,
  price_tax: optMoney,
  base_total: optMoney,
  total_ex_tax: money,
  total_inc_tax: money,
  total_tax: money,
  discounted_total_inc_tax: optMoney,
  base_cost_price: optMoney,
  cost_price_ex_tax: optMoney,
  cost_price_inc_tax: optMoney,
  cost_price_tax: optMoney,
  weight: optionalNonBlank(num),
  fixed_shipping_cost: optMoney,
  wrapping_id: ref,
  wrapping_name: optText,
  base_wrapping_cost: optMoney,
  wrapping_cost_ex_tax: optMoney,
  wrapping_cost_inc_tax: optMoney,
  wrapping_cost_tax: optMoney,
  gift_certificate_id: ref,
  external_id: optText,
  applied_discounts: optional(
    z.array(
      z.looseObject({
        /** "coupon-12", "manual-discount", or a number */
        id: optText,
        amount: optMoney,
        name: optText,
        code: optText,
        target: optText,
      }),
    ),
  ),
  product_options: optional(
    z.array(
      z.looseObject({
        id: optional(id),
        option_id: optional(id),
        product_option_id: optional(id),
        display_name: optText,
        display_value: optText,
        value: optText,
        type: optText,
        name: optText,
      }),
    ),
  ),
});
export type BcOrderProduct = z.infer<typeof BcOrderProduct>;

/**
 * An order's shipping address, from `/orders/{id}/shipping_addresses` or from a shipping
 * consignment (which lacks `order_id`; the client fills it in). Costs are decimal strings
 * whichever source they came from.
 */
export const BcShippingAddress = z.looseObject({
  id,
  order_id: id,
  ...orderAddressFields,
  items_total: optional(num),
  items_shipped: optional(num),
  /** "" or "None" on orders that were never shipped by a carrier (POS, marketplace) */
  shipping_method: optText,
  base_cost: optMoney,
  cost_ex_tax: optMoney,
  cost_inc_tax: optMoney,
  cost_tax: optMoney,
  cost_tax_class_id: optional(int),
  base_handling_cost: optMoney,
  handling_cost_ex_tax: optMoney,
  handling_cost_inc_tax: optMoney,
  handling_cost_tax: optMoney,
  handling_cost_tax_class_id: optional(int),
  shipping_zone_id: optional(int),
  shipping_zone_name: optText,
  form_fields: formFields,
});
export type BcShippingAddress = z.infer<typeof BcShippingAddress>;

/** `type`: 0 per-item, 1 percentage, 2 per-total, 3 shipping, 4 free shipping, 5 promotion. */
export const BcCoupon = z.looseObject({
  id,
  coupon_id: optional(id),
  order_id: id,
  code: optText,
  amount: optMoney,
  type: optional(int),
  discount: optional(num),
});
export type BcCoupon = z.infer<typeof BcCoupon>;

export const BcOrderFee = z.looseObject({
  id,
  type: text,
  display_name_customer: optText,
  display_name_merchant: optText,
  source: optText,
  base_cost: optMoney,
  cost_ex_tax: optMoney,
  cost_inc_tax: optMoney,
  cost_tax: optMoney,
  tax_class_id: optional(int),
});
export type BcOrderFee = z.infer<typeof BcOrderFee>;

const lineItems = list(z.unknown());
/** `include=consignments.line_items&consignment_structure=object`; line items are checked as BcOrderProduct by the client. */
export const BcOrderConsignments = z.looseObject({
  shipping: optional(z.array(z.looseObject({ id, line_items: lineItems }))),
  pickups: optional(z.array(z.looseObject({ id: optional(id), line_items: lineItems }))),
  downloads: optional(z.array(z.looseObject({ line_items: lineItems }))),
  email: optional(
    z.looseObject({
      gift_certificates: optional(z.array(z.looseObject({ line_items: lineItems }))),
    }),
  ),
});
export type BcOrderConsignments = z.infer<typeof BcOrderConsignments>;

/**
 * An order. Required: what the importer cannot do without — its id, status, dates, totals,
 * currency and billing address. API-created orders (`order_source` "external") send null for
 * cart_id, staff_notes, customer_message and more: undefined here.
 */
export const BcOrder = modifiedDefaultsToCreated(
  z.looseObject({
    id,
    status_id: int,
    status: optText,
    /** 0: a guest checkout */
    customer_id: idOrZero,
    channel_id: optional(int),
    cart_id: optText,
    date_created: v2Date,
    date_modified: v2Date,
    /** undefined until the order is fully shipped (v2 sends "") */
    date_shipped: optV2Date,
    is_deleted: optBool,
    order_source: optText,
    external_source: optText,
    external_id: optText,
    external_order_id: optText,
    customer_message: optText,
    staff_notes: optText,
    ip_address: optText,
    items_total: optional(num),
    items_shipped: optional(num),
    shipping_address_count: optional(num),
    is_tax_inclusive_pricing: optBool,
    // money: decimal strings
    subtotal_ex_tax: optMoney,
    subtotal_inc_tax: optMoney,
    subtotal_tax: optMoney,
    base_shipping_cost: optMoney,
    shipping_cost_ex_tax: optMoney,
    shipping_cost_inc_tax: optMoney,
    shipping_cost_tax: optMoney,
    shipping_cost_tax_class_id: optional(int),
    base_handling_cost: optMoney,
    handling_cost_ex_tax: optMoney,
    handling_cost_inc_tax: optMoney,
    handling_cost_tax: optMoney,
    handling_cost_tax_class_id: optional(int),
    base_wrapping_cost: optMoney,
    wrapping_cost_ex_tax: optMoney,
    wrapping_cost_inc_tax: optMoney,
    wrapping_cost_tax: optMoney,
    wrapping_cost_tax_class_id: optional(int),
    total_ex_tax: money,
    total_inc_tax: money,
    total_tax: optMoney,
    discount_amount: optMoney,
    coupon_discount: optMoney,
    store_credit_amount: optMoney,
    gift_certificate_amount: optMoney,
    refunded_amount: optMoney,
    // currencies: default_* is what the shopper paid in
    currency_id: optional(int),
    currency_code: optText,
    currency_exchange_rate: optionalNonBlank(rate),
    default_currency_id: optional(int),
    default_currency_code: z.string(),
    store_default_currency_code: optText,
    store_default_to_transactional_exchange_rate: optionalNonBlank(rate),
    payment_method: optText,
    payment_provider_id: optText,
    payment_status: optText,
    billing_address: BcBillingAddress,
    // sub-resources: links unless included
    products: optional(z.union([BcLink, z.array(z.unknown())])),
    shipping_addresses: optional(z.union([BcLink, z.array(z.unknown())])),
    coupons: optional(z.union([BcLink, z.array(z.unknown())])),
    consignments: optional(z.union([BcLink, BcOrderConsignments, z.array(z.unknown())])),
    fees: optional(z.union([BcLink, z.array(BcOrderFee)])),
  }),
);
export type BcOrder = z.infer<typeof BcOrder>;

export const BcOrderCount = z.looseObject({
  count: int,
  statuses: optional(z.array(z.looseObject({ id, name: optText, count: int }))),
});
export type BcOrderCount = z.infer<typeof BcOrderCount>;

// ---------------------------------------------------------------- payments (v3)

export const BcTransaction = z.looseObject({
  id,
  /** a string in orders.v3.yml; made a number to join with orders */
  order_id: id,
  event: text,
  method: text,
  amount: num,
  currency: text,
  gateway: text,
  gateway_transaction_id: optText,
  status: optText,
  test: optBool,
  fraud_review: optBool,
  reference_transaction_id: ref,
  payment_method_id: optText,
  date_created: optV3Date,
  offline: optional(z.looseObject({ display_name: optText })),
  custom: optional(z.looseObject({ payment_method: optText })),
});
export type BcTransaction = z.infer<typeof BcTransaction>;

/**
 * What a refund line refunds, by `item_type`: PRODUCT/GIFT_WRAPPING → order product id;
 * SHIPPING/HANDLING → order address id; ORDER → the order id; FEE → the fee id.
 */
export const BcRefundItem = z.looseObject({
  item_type: text,
  item_id: id,
  quantity: optional(int),
  requested_amount: optionalNonBlank(num),
  reason: optText,
  adjustments: optional(z.array(z.looseObject({ amount: optional(num), description: optText }))),
});
export type BcRefundItem = z.infer<typeof BcRefundItem>;

export const BcRefundPayment = z.looseObject({
  id: optional(id),
  provider_id: text,
  amount: optional(num),
  offline: optBool,
  is_declined: optBool,
  declined_message: optText,
  transaction_id: optText,
});
export type BcRefundPayment = z.infer<typeof BcRefundPayment>;

/** A refund: its date and amount make the credit note, so they are required. */
export const BcRefund = z.looseObject({
  id,
  order_id: id,
  user_id: optional(int),
  created: v3Date,
  reason: optText,
  total_amount: num,
  total_tax: optional(num),
  uses_merchant_override_values: optBool,
  items: list(BcRefundItem),
  payments: list(BcRefundPayment),
});
export type BcRefund = z.infer<typeof BcRefund>;

// ---------------------------------------------------------------- inventory (v3)

/** Stock of one variant per location; on-hand is what the stock import writes, so it is required. */
export const BcInventoryItem = z.looseObject({
  identity: z.looseObject({
    sku: optText,
    variant_id: id,
    product_id: id,
    sku_id: ref,
  }),
  locations: list(
    z.looseObject({
      location_id: id,
      location_code: optText,
      location_name: optText,
      available_to_sell: optional(int),
      total_inventory_onhand: int,
      location_enabled: optBool,
      settings: optional(
        z.looseObject({
          safety_stock: optional(int),
          is_in_stock: optBool,
          warning_level: optional(int),
          bin_picking_number: optText,
        }),
      ),
    }),
  ),
});
export type BcInventoryItem = z.infer<typeof BcInventoryItem>;

export const BcLocation = z.looseObject({
  id,
  code: text,
  label: text,
  description: optText,
  managed_by_external_source: optBool,
  type_id: optText,
  /** a disabled location's stock is ignored, so "enabled" must be said */
  enabled: z.boolean(),
  storefront_visibility: optBool,
  time_zone: optText,
  created_at: optText,
  updated_at: optText,
  address: optional(
    z.looseObject({
      address1: optText,
      address2: optText,
      city: optText,
      state: optText,
      zip: optText,
      email: optText,
      phone: optText,
      country_code: optText,
    }),
  ),
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
