/**
 * The bodies of the writes, built apart from sending them (pure, table-tested, and checked
 * against the specs' request schemas by the sandbox's contract tests): inventory adjustments
 * cut into the fewest requests the batch limit allows, a shipment, a status change.
 */
import { WRITES } from './resources.js';

/** One item's stock at one location: named by variant, by product (tracked by product) or by SKU. */
export type InventoryItem = { readonly location_id: number; readonly quantity: number } & (
  | { readonly variant_id: number }
  | { readonly product_id: number }
  | { readonly sku: string }
);

export interface AdjustmentBody {
  readonly reason?: string;
  readonly items: readonly InventoryItem[];
}

function itemKey(i: InventoryItem): string {
  if ('variant_id' in i) return `v${i.variant_id}@${i.location_id}`;
  if ('product_id' in i) return `p${i.product_id}@${i.location_id}`;
  return `s${i.sku}@${i.location_id}`;
}

/**
 * Absolute levels as request bodies: an item named twice keeps its last level (what sending
 * them in order would leave), items are grouped by location (inventory-adjustments.mdx: "group
 * bulk absolute adjustments by location"), and cut into ⌈n / limit⌉ bodies.
 */
export function absoluteAdjustmentBodies(
  items: readonly InventoryItem[],
  reason?: string,
  limit: number = WRITES.inventoryAbsolute.maxItems,
): AdjustmentBody[] {
  const last = new Map<string, InventoryItem>();
  for (const i of items) {
    const key = itemKey(i);
    last.delete(key); // re-inserted at the end: the later level is the one kept
    last.set(key, i);
  }
  const sorted = [...last.values()].sort((a, b) => a.location_id - b.location_id);
  return batches(sorted, limit, reason);
}

/**
 * Relative differences as request bodies, in the order given (two differences of one item
 * both count), cut into ⌈n / limit⌉ bodies.
 */
export function relativeAdjustmentBodies(
  items: readonly InventoryItem[],
  reason?: string,
  limit: number = WRITES.inventoryRelative.maxItems,
): AdjustmentBody[] {
  return batches(items, limit, reason);
}

function batches(items: readonly InventoryItem[], limit: number, reason: string | undefined): AdjustmentBody[] {
  if (!(Number.isInteger(limit) && limit > 0))
    throw new RangeError(`batch limit must be a positive integer, got ${limit}`);
  const out: AdjustmentBody[] = [];
  for (let i = 0; i < items.length; i += limit) {
    const part = items.slice(i, i + limit);
    out.push(reason === undefined ? { items: part } : { reason, items: part });
  }
  return out;
}

export interface ShipmentInput {
  /** the order shipping address (`id` of /orders/{id}/shipping_addresses) */
  readonly orderAddressId: number;
  readonly items: ReadonlyArray<{ readonly orderProductId: number; readonly quantity: number }>;
  readonly trackingNumber?: string;
  /** one of the spec's providers (`usps`, `fedex`, …, `''`) or `carrier_{id}` */
  readonly shippingProvider?: string;
  /** an Aftership courier slug */
  readonly trackingCarrier?: string;
  /** a custom link; BigCommerce then generates none */
  readonly trackingLink?: string;
  readonly shippingMethod?: string;
  readonly comments?: string;
}

/** The body of POST /orders/{id}/shipments (orderShipment_Post); absent fields are left out. */
export function shipmentBody(s: ShipmentInput): Record<string, unknown> {
  const body: Record<string, unknown> = {
    order_address_id: s.orderAddressId,
    items: s.items.map((i) => ({ order_product_id: i.orderProductId, quantity: i.quantity })),
  };
  const optional: Array<[string, string | undefined]> = [
    ['tracking_number', s.trackingNumber],
    ['shipping_provider', s.shippingProvider],
    ['tracking_carrier', s.trackingCarrier],
    ['tracking_link', s.trackingLink],
    ['shipping_method', s.shippingMethod],
    ['comments', s.comments],
  ];
  for (const [k, v] of optional) if (v !== undefined) body[k] = v;
  return body;
}

/** The body of PUT /orders/{id} that changes the status and nothing else. */
export function orderStatusBody(statusId: number): { status_id: number } {
  return { status_id: statusId };
}

/** A hook to register, or the fields of one to change (absent fields are left as they are). */
export interface HookInput {
  readonly scope: string;
  /** https on port 443 (BigCommerce refuses anything else) */
  readonly destination: string;
  readonly isActive?: boolean;
  /** sent by BigCommerce on every callback of the hook: a shared secret goes here */
  readonly headers?: Readonly<Record<string, string>> | null;
}

/** The body of POST /v3/hooks (webhook_Base) or PUT /v3/hooks/{id} (webhook_Put); absent fields are left out. */
export function hookBody(h: Partial<HookInput>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (h.scope !== undefined) body.scope = h.scope;
  if (h.destination !== undefined) body.destination = h.destination;
  if (h.isActive !== undefined) body.is_active = h.isActive;
  if (h.headers !== undefined) body.headers = h.headers === null ? null : { ...h.headers };
  return body;
}
