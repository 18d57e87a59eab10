/**
 * The schemas against shapes real stores send and the OpenAPI specs do not admit: null for
 * strings, numbers and objects, "" for dates, numbers as strings and strings as numbers, 0 as
 * "no such record". Payloads are written here, shaped like real responses (not the specs'
 * examples); each case says what the importers must see after parsing.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { validatePage, type RawPage } from './paging.js';
import {
  BcAddress,
  BcBillingAddress,
  BcBrand,
  BcCategory,
  BcCoupon,
  BcCustomer,
  BcImage,
  BcInventoryItem,
  BcOrder,
  BcOrderFee,
  BcOrderProduct,
  BcProduct,
  BcRefund,
  BcShippingAddress,
  BcStore,
  BcVariant,
} from './schemas.js';

const address = {
  first_name: 'Dana',
  last_name: 'Okafor',
  company: null,
  street_1: '18 Wharf Rd',
  street_2: null,
  city: 'Portland',
  state: 'Maine',
  zip: '04101',
  country: 'United States',
  country_iso2: 'US',
  phone: null,
  email: 'dana.okafor@example.net',
  form_fields: [],
};

/** An order placed by a marketplace integration through the v2 API (as seen on a live store). */
const apiOrder = {
  id: 3107,
  customer_id: 0,
  date_created: 'Mon, 03 Mar 2025 14:22:05 +0000',
  date_modified: 'Mon, 03 Mar 2025 14:22:06 +0000',
  date_shipped: '',
  status_id: 11,
  status: 'Awaiting Fulfillment',
  subtotal_ex_tax: '42.5000',
  subtotal_inc_tax: '45.9000',
  subtotal_tax: '3.4000',
  base_shipping_cost: '0.0000',
  shipping_cost_ex_tax: '0.0000',
  shipping_cost_inc_tax: '0.0000',
  shipping_cost_tax: null,
  shipping_cost_tax_class_id: 2,
  base_handling_cost: '0.0000',
  handling_cost_ex_tax: null,
  handling_cost_inc_tax: null,
  handling_cost_tax: null,
  base_wrapping_cost: 0,
  wrapping_cost_ex_tax: '0.0000',
  wrapping_cost_inc_tax: '0.0000',
  wrapping_cost_tax: '0.0000',
  total_ex_tax: '42.5000',
  total_inc_tax: '45.9000',
  total_tax: '3.4000',
  items_total: '2',
  items_shipped: 0,
  payment_method: 'Amazon Pay',
  payment_provider_id: 4417820,
  payment_status: '',
  refunded_amount: '0.0000',
  store_credit_amount: '0.0000',
  gift_certificate_amount: '0.0000',
  ip_address: null,
  ip_address_v6: null,
  currency_id: 1,
  currency_code: 'USD',
  currency_exchange_rate: 1,
  default_currency_id: 1,
  default_currency_code: 'USD',
  staff_notes: null,
  customer_message: null,
  discount_amount: '0.0000',
  coupon_discount: '',
  shipping_address_count: 1,
  is_deleted: false,
  cart_id: null,
  order_source: 'external',
  external_source: 'Amazon',
  external_id: null,
  external_order_id: '112-8830021-4471239',
  channel_id: '2',
  billing_address: address,
  is_email_opt_in: false,
  credit_card_type: null,
  customer_locale: null,
  products: {
    url: 'https://api.bigcommerce.com/stores/abc/v2/orders/3107/products',
    resource: '/orders/3107/products',
  },
};

const orderLine = {
  id: 8801,
  order_id: 3107,
  product_id: 77,
  variant_id: null,
  order_address_id: 0,
  order_pickup_method_id: 0,
  parent_order_product_id: null,
  is_bundled_product: false,
  name: 'Trail Mug',
  name_customer: null,
  name_merchant: null,
  sku: 4471,
  upc: null,
  type: 'physical',
  quantity: '2',
  quantity_shipped: 0,
  quantity_refunded: 0,
  base_price: '21.2500',
  price_ex_tax: '21.2500',
  price_inc_tax: '22.9500',
  price_tax: '1.7000',
  base_total: '42.5000',
  total_ex_tax: 42.5,
  total_inc_tax: '45.9000',
  total_tax: '3.4000',
  weight: '0.3500',
  wrapping_id: 0,
  wrapping_name: null,
  gift_certificate_id: null,
  external_id: null,
  applied_discounts: [],
  product_options: [{ id: 5, option_id: 12, display_name: 'Size', display_value: 16, value: 16 }],
};

/** The same record with `changes` applied (undefined deletes a key). */
function variantOf(base: object, changes: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...changes };
  for (const [k, v] of Object.entries(changes)) if (v === undefined) delete out[k];
  return out;
}

type Case = [what: string, schema: z.ZodType, raw: unknown, want: Record<string, unknown>];

const accepted: Case[] = [
  [
    'API-created order: null notes, message and cart id read as absent',
    BcOrder,
    apiOrder,
    {
      staff_notes: undefined,
      customer_message: undefined,
      cart_id: undefined,
      external_id: undefined,
      ip_address: undefined,
      order_source: 'external',
      external_source: 'Amazon',
      external_order_id: '112-8830021-4471239',
    },
  ],
  [
    'API-created order: date_shipped "" is undefined, the other dates stay',
    BcOrder,
    apiOrder,
    {
      date_shipped: undefined,
      date_created: 'Mon, 03 Mar 2025 14:22:05 +0000',
      date_modified: 'Mon, 03 Mar 2025 14:22:06 +0000',
    },
  ],
  [
    'API-created order: null and "" money is absent; numbers become decimal strings',
    BcOrder,
    apiOrder,
    {
      shipping_cost_tax: undefined,
      handling_cost_ex_tax: undefined,
      coupon_discount: undefined,
      base_wrapping_cost: '0.0000',
      total_inc_tax: '45.9000',
    },
  ],
  [
    'API-created order: numbers and strings swapped back',
    BcOrder,
    apiOrder,
    {
      items_total: 2,
      channel_id: 2,
      payment_provider_id: '4417820',
      currency_exchange_rate: '1',
    },
  ],
  ['guest order: customer_id 0 stays 0', BcOrder, apiOrder, { customer_id: 0 }],
  [
    'guest order: customer_id null is a guest too',
    BcOrder,
    variantOf(apiOrder, { customer_id: null }),
    { customer_id: 0 },
  ],
  [
    'order never modified: date_modified "" is date_created',
    BcOrder,
    variantOf(apiOrder, { date_modified: '' }),
    {
      date_modified: 'Mon, 03 Mar 2025 14:22:05 +0000',
    },
  ],
  [
    'billing address: null company, street_2 and phone are absent',
    BcBillingAddress,
    address,
    {
      company: undefined,
      street_2: undefined,
      phone: undefined,
      street_1: '18 Wharf Rd',
    },
  ],
  [
    'billing address: null name parts and a numeric zip',
    BcBillingAddress,
    variantOf(address, { first_name: null, zip: 4101 }),
    {
      first_name: '',
      zip: '4101',
    },
  ],
  [
    'order product: variant_id null and parent_order_product_id null are absent',
    BcOrderProduct,
    orderLine,
    {
      variant_id: undefined,
      parent_order_product_id: undefined,
      order_address_id: undefined,
      gift_certificate_id: undefined,
    },
  ],
  [
    'order product: variant_id 0 and parent_order_product_id 0 are absent too',
    BcOrderProduct,
    variantOf(orderLine, { variant_id: 0, parent_order_product_id: 0 }),
    { variant_id: undefined, parent_order_product_id: undefined },
  ],
  [
    'order product: quantity, sku, option values and amounts in the other type',
    BcOrderProduct,
    orderLine,
    {
      quantity: 2,
      sku: '4471',
      total_ex_tax: '42.5000',
      weight: 0.35,
      name_customer: undefined,
      product_options: [expect.objectContaining({ display_value: '16', value: '16' })],
    },
  ],
  [
    'custom product line: product_id 0 stays 0',
    BcOrderProduct,
    variantOf(orderLine, { product_id: 0 }),
    { product_id: 0 },
  ],
  [
    'shipping address without a carrier: null method and costs',
    BcShippingAddress,
    {
      ...address,
      id: 41,
      order_id: 3107,
      shipping_method: null,
      cost_ex_tax: null,
      cost_inc_tax: '',
      cost_tax_class_id: null,
    },
    {
      shipping_method: undefined,
      cost_ex_tax: undefined,
      cost_inc_tax: undefined,
      cost_tax_class_id: undefined,
    },
  ],
  [
    'coupon: null code, amount as a number',
    BcCoupon,
    { id: 2, coupon_id: 9, order_id: 3107, code: null, amount: 5, type: 2, discount: '5' },
    { code: undefined, amount: '5.0000', discount: 5 },
  ],
  [
    'fee: null tax class, costs as numbers',
    BcOrderFee,
    {
      id: 1,
      type: 'custom_fee',
      display_name_customer: 'Bag fee',
      display_name_merchant: null,
      source: 'API',
      base_cost: 0.1,
      cost_ex_tax: 0.1,
      cost_inc_tax: 0.1,
      cost_tax: 0,
      tax_class_id: null,
    },
    { display_name_merchant: undefined, cost_ex_tax: '0.1000', cost_tax: '0.0000', tax_class_id: undefined },
  ],
  [
    'customer: null company, phone and notes; dates as ""',
    BcCustomer,
    {
      id: 512,
      email: 'li.wei@example.org',
      first_name: 'Li',
      last_name: 'Wei',
      company: null,
      phone: null,
      notes: null,
      customer_group_id: null,
      date_created: '2024-11-02T08:15:00Z',
      date_modified: '',
      registration_ip_address: null,
      channel_ids: null,
      addresses: [],
    },
    {
      company: undefined,
      phone: undefined,
      notes: undefined,
      customer_group_id: 0,
      channel_ids: undefined,
      date_modified: '2024-11-02T08:15:00Z',
    },
  ],
  [
    'customer address: null company, phone and address2; numeric postal code',
    BcAddress,
    {
      id: 7,
      customer_id: 512,
      first_name: 'Li',
      last_name: 'Wei',
      company: null,
      address1: '5 Rue Haute',
      address2: null,
      city: 'Lyon',
      state_or_province: null,
      postal_code: 69001,
      country_code: 'FR',
      country: 'France',
      phone: null,
      address_type: 'residential',
    },
    { company: undefined, phone: undefined, address2: undefined, state_or_province: '', postal_code: '69001' },
  ],
  [
    'product: brand_id 0 and null fields',
    BcProduct,
    {
      id: 90,
      name: 'Gift Card Sleeve',
      type: 'physical',
      sku: '',
      description: null,
      weight: null,
      price: '3.50',
      cost_price: null,
      sale_price: null,
      calculated_price: 3.5,
      tax_class_id: 0,
      categories: null,
      brand_id: 0,
      inventory_level: null,
      inventory_tracking: 'none',
      upc: null,
      gtin: null,
      base_variant_id: null,
      option_set_id: null,
      custom_url: null,
      date_created: '2023-05-01T10:00:00+00:00',
      date_modified: '',
      primary_image: null,
      variants: null,
    },
    {
      brand_id: undefined,
      price: 3.5,
      description: undefined,
      weight: undefined,
      tax_class_id: 0,
      categories: [],
      base_variant_id: undefined,
      custom_url: undefined,
      primary_image: undefined,
      variants: undefined,
      date_modified: '2023-05-01T10:00:00+00:00',
    },
  ],
  [
    'variant: inherited prices null, option values null',
    BcVariant,
    {
      id: 301,
      product_id: 90,
      sku: 'GCS',
      sku_id: null,
      price: null,
      sale_price: null,
      cost_price: '1.2',
      weight: null,
      image_url: null,
      upc: null,
      inventory_level: '4',
      option_values: null,
    },
    {
      price: undefined,
      cost_price: 1.2,
      image_url: undefined,
      inventory_level: 4,
      option_values: [],
      sku_id: undefined,
    },
  ],
  [
    'image: description null, date_modified ""',
    BcImage,
    { id: 5, product_id: 90, description: null, date_modified: '', url_zoom: null },
    {
      description: undefined,
      date_modified: undefined,
      url_zoom: undefined,
    },
  ],
  [
    'category: parent_id null is the top level; null texts',
    BcCategory,
    {
      id: 44,
      parent_id: null,
      name: 'Mugs',
      description: null,
      sort_order: null,
      page_title: null,
      meta_keywords: null,
      custom_url: null,
    },
    { parent_id: 0, description: undefined, sort_order: undefined, meta_keywords: undefined },
  ],
  [
    'brand: null name, page title and image',
    BcBrand,
    { id: 3, name: null, page_title: null, image_url: null, meta_keywords: null },
    {
      name: '',
      page_title: undefined,
      image_url: undefined,
    },
  ],
  [
    'refund: null reason, requested amount as a string',
    BcRefund,
    {
      id: 9,
      order_id: 3107,
      user_id: null,
      created: '2025-03-05T09:00:00+00:00',
      reason: null,
      total_amount: '12.5',
      total_tax: null,
      items: [{ item_type: 'PRODUCT', item_id: 8801, quantity: null, requested_amount: '12.50', reason: null }],
      payments: [
        { id: 1, provider_id: 'storecredit', amount: 12.5, offline: false, is_declined: false, declined_message: null },
      ],
    },
    {
      reason: undefined,
      total_amount: 12.5,
      items: [expect.objectContaining({ quantity: undefined, requested_amount: 12.5 })],
    },
  ],
  [
    'inventory item: sku_id null, settings null',
    BcInventoryItem,
    {
      identity: { sku: 'GCS', variant_id: 301, product_id: 90, sku_id: null },
      locations: [
        {
          location_id: 1,
          available_to_sell: null,
          total_inventory_onhand: '4',
          location_enabled: null,
          settings: null,
        },
      ],
    },
    {
      locations: [
        expect.objectContaining({ total_inventory_onhand: 4, location_enabled: undefined, settings: undefined }),
      ],
    },
  ],
  [
    'store: null plan and timezone, numeric id',
    BcStore,
    {
      id: 1001234,
      name: 'Harbour Goods',
      currency: 'USD',
      plan_name: null,
      plan_level: null,
      timezone: null,
      weight_units: null,
      is_price_entered_with_tax: null,
      features: null,
    },
    { id: '1001234', plan_name: undefined, timezone: undefined, weight_units: undefined },
  ],
];

/** Records no importer can work with: they still fail, naming the field. */
const rejected: [what: string, schema: z.ZodType, raw: unknown, field: string][] = [
  ['order with total_inc_tax null', BcOrder, variantOf(apiOrder, { total_inc_tax: null }), 'total_inc_tax'],
  ['order without an id', BcOrder, variantOf(apiOrder, { id: undefined }), 'id'],
  ['order with neither date', BcOrder, variantOf(apiOrder, { date_created: '', date_modified: '' }), 'date_created'],
  [
    'order with an ISO date_created (v2 is RFC 2822)',
    BcOrder,
    variantOf(apiOrder, { date_created: '2025-03-03T14:22:05Z' }),
    'date_created',
  ],
  ['order line with price_ex_tax "n/a"', BcOrderProduct, variantOf(orderLine, { price_ex_tax: 'n/a' }), 'price_ex_tax'],
  ['order line with a fractional quantity', BcOrderProduct, variantOf(orderLine, { quantity: 1.5 }), 'quantity'],
  [
    'product with price null',
    BcProduct,
    {
      id: 1,
      name: 'P',
      type: 'physical',
      sku: 'P',
      price: null,
      categories: [],
      inventory_tracking: 'none',
      date_modified: '2025-01-01T00:00:00Z',
    },
    'price',
  ],
  [
    'customer with email null (its login)',
    BcCustomer,
    {
      id: 9,
      email: null,
      first_name: 'A',
      last_name: 'B',
      customer_group_id: 0,
      date_modified: '2025-01-01T00:00:00Z',
    },
    'email',
  ],
  [
    'refund without a date',
    BcRefund,
    { id: 1, order_id: 2, created: '', total_amount: 1, items: [], payments: [] },
    'created',
  ],
];

describe('real responses the specs do not admit', () => {
  it.each(accepted)('%s', (_what, schema, raw, want) => {
    const r = schema.safeParse(raw);
    expect(r.error?.issues ?? []).toEqual([]);
    expect(r.data).toMatchObject(want);
  });

  it.each(rejected)('still rejected: %s', (_what, schema, raw, field) => {
    const r = schema.safeParse(raw);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toContain(field);
  });

  it('an unusable order fails as an InvalidRecordError naming the record and the field', () => {
    const raw: RawPage = {
      items: [apiOrder, variantOf(apiOrder, { id: 3108, total_inc_tax: null })],
      index: 1,
      method: 'GET',
      path: '/v2/orders?page=1',
    };
    const page = validatePage('orders', BcOrder, raw);
    expect(page.records.map((o) => o.id)).toEqual([3107]);
    expect(page.errors).toHaveLength(1);
    expect(page.errors[0]?.message).toMatch(
      /orders record 3108 .*total_inc_tax: expected a decimal amount, received null/,
    );
  });
});
