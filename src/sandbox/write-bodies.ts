/**
 * The request bodies the sandbox accepts, as zod schemas that follow the specs' request
 * schemas (the contract tests hold the two together with sample bodies): inventory.v3.yml's
 * AdjustmentsAbsoluteRequest / AdjustmentsRelativeRequest, orders.v2.oas2.yml's
 * orderShipment_Post and the `status_id` of order_Put. Unknown fields pass, as the specs
 * declare no `additionalProperties: false` — except on the order PUT, where the sandbox writes
 * only the status and says so rather than ignore a change it would not make.
 *
 * Where the spec's text asks more than its schema, the text wins: a shipment's
 * `order_address_id` and `items` are "Required Fields". Where BigCommerce's own examples
 * send what the schema forbids, the examples win: `"order_address_id": "128"` (a numeric
 * string) in the orders guide is accepted.
 */
import { z } from 'zod';
import { WRITES } from '../bigcommerce/resources.js';

const integer = z.number({ error: 'expected an integer' }).int('expected an integer');

/** One adjustment item: a location, a quantity and exactly one of variant_id, product_id, sku (the spec's oneOf). */
const adjustmentItem = z
  .looseObject({
    location_id: integer,
    quantity: integer,
    variant_id: integer.optional(),
    product_id: integer.optional(),
    sku: z.string().optional(),
  })
  .refine(
    (i) => [i.variant_id, i.product_id, i.sku].filter((x) => x !== undefined).length === 1,
    'exactly one of variant_id, product_id and sku names the item',
  );

export const AdjustmentBody = z.looseObject({
  reason: z.string().optional(),
  items: z
    .array(adjustmentItem)
    .max(WRITES.inventoryAbsolute.maxItems, `at most ${WRITES.inventoryAbsolute.maxItems} items per request`),
});
export type AdjustmentBody = z.infer<typeof AdjustmentBody>;

/** an integer id, also as the numeric string BigCommerce's own example sends */
const idLike = z.preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v), integer);

export const ShipmentBody = z.looseObject({
  order_address_id: idLike,
  tracking_number: z.string().max(50).optional(),
  tracking_link: z.string().max(500).optional(),
  merchant_shipping_cost: z.string().optional(),
  shipping_method: z.string().optional(),
  shipping_provider: z.string().optional(),
  tracking_carrier: z.string().optional(),
  comments: z.string().max(65535).optional(),
  items: z
    .array(z.looseObject({ order_product_id: integer, quantity: integer.positive('expected a positive quantity') }))
    .min(1, 'a shipment carries at least one item'),
});
export type ShipmentBody = z.infer<typeof ShipmentBody>;

/** status_id only: api-order-status.ts refuses any other field by name */
export const OrderStatusBody = z.looseObject({ status_id: integer });
export type OrderStatusBody = z.infer<typeof OrderStatusBody>;

/** webhook_Base / webhook_Put's `headers`: names to string values, or null for none. */
const hookHeaders = z.record(z.string(), z.string({ error: 'expected a string' })).nullable();

/** The body of POST /v3/hooks (webhooks.v3.yml webhook_Base): scope and destination required. */
export const HookCreateBody = z.looseObject({
  scope: z.string({ error: 'scope is required' }).min(1),
  destination: z.string({ error: 'destination is required' }).min(1),
  is_active: z.boolean().optional(),
  headers: hookHeaders.optional(),
});

/** The body of PUT /v3/hooks/{id} (webhook_Put): "At least one field is required to perform an update." */
export const HookUpdateBody = z
  .looseObject({
    scope: z.string().min(1).optional(),
    destination: z.string().min(1).optional(),
    is_active: z.boolean().optional(),
    headers: hookHeaders.optional(),
  })
  .refine(
    (b) => b.scope !== undefined || b.destination !== undefined || b.is_active !== undefined || b.headers !== undefined,
    'at least one of scope, destination, is_active and headers is required',
  );
