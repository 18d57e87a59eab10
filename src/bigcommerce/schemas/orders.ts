/**
 * Order records (v2): orders, their lines, billing and shipping addresses, coupons, fees and
 * consignments, and the order count. The client assembles them into BcOrderDetails
 * (order-details.ts).
 */
import { z } from 'zod';
import {
  optional,
  optionalNonBlank,
  list,
  num,
  int,
  id,
  ref,
  idOrZero,
  text,
  optText,
  optBool,
  money,
  optMoney,
  rate,
  v2Date,
  optV2Date,
  modifiedDefaultsToCreated,
  BcLink,
  formFields,
} from './common.js';

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

/** An order's billing address. Marketplace and API orders leave parts null: '' (or undefined) then. */
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

/**
 * One tax applied to an order (`/v2/orders/{id}/taxes?details=true`): which rate (name, class,
 * rate) applied to which order product (`order_product_id`, for items and handling) or amount
 * (`line_item_type`). Automatic-tax stores omit the ids; the importer needs the rate and names.
 */
export const BcOrderTax = z.looseObject({
  id: optional(id),
  order_id: optional(id),
  order_address_id: optional(int),
  sales_tax_id: optText,
  tax_class_id: optional(int),
  name: text,
  class: text,
  rate: money,
  priority_amount: optMoney,
  line_amount: optMoney,
  order_product_id: optionalNonBlank(z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string())),
  line_item_type: optText,
});
export type BcOrderTax = z.infer<typeof BcOrderTax>;

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

/**
 * A shipment of an order (orders.v2.oas2.yml `orderShipment`). What a later step needs to match
 * it to the delivery it came from is required: its id, the address and the items shipped; the
 * addresses copied in are carried, not read.
 */
export const BcShipment = z.looseObject({
  id,
  order_id: id,
  order_address_id: id,
  date_created: optV2Date,
  tracking_number: optText,
  tracking_link: optText,
  generated_tracking_link: optText,
  shipping_provider: optText,
  shipping_provider_display_name: optText,
  tracking_carrier: optText,
  shipping_method: optText,
  merchant_shipping_cost: optMoney,
  comments: optText,
  items: list(z.looseObject({ order_product_id: id, product_id: idOrZero, quantity: int })),
});
export type BcShipment = z.infer<typeof BcShipment>;

/** `GET /orders/{id}/shipments/count`: `{count}` (a number in the spec). */
export const BcShipmentCount = z.looseObject({ count: int });
export type BcShipmentCount = z.infer<typeof BcShipmentCount>;
