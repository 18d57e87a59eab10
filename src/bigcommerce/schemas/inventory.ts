/**
 * Inventory records (v3): stock per variant and location, and the locations themselves.
 */
import { z } from 'zod';
import { optional, list, int, id, ref, text, optText, optBool } from './common.js';

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

/**
 * What an inventory adjustment answers (inventory.v3.yml `SimpleTransactionResponse`): the
 * platform applies it asynchronously, and this id names the operation.
 */
export const BcInventoryTransaction = z.looseObject({ transaction_id: optText });
export type BcInventoryTransaction = z.infer<typeof BcInventoryTransaction>;
