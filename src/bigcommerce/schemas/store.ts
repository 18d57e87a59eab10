/**
 * Store-level records (v2 and v3): the store itself, its clock, and the reference lists an
 * import is set up with — currencies, order statuses, customer groups and tax classes.
 */
import { z } from 'zod';
import { optional, num, int, id, ref, text, optText, optBool, rate } from './common.js';

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
