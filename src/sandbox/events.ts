/**
 * What the sandbox store tells its webhooks when its data changes: a scope and the light `data`
 * BigCommerce sends for it (docs/webhooks/callbacks/data/*.json) — ids only, never the record,
 * so a receiver must read the change back through the API as it would from a real store.
 */
import type { VariantRec } from './model.js';

export interface StoreEvent {
  /** e.g. `store/order/statusUpdated` */
  readonly scope: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type StoreEventListener = (e: StoreEvent) => void;

export const orderEvent = (verb: 'created' | 'updated' | 'archived', id: number): StoreEvent => ({
  scope: `store/order/${verb}`,
  data: { type: 'order', id },
});

export const orderStatusEvent = (id: number, previous: number, next: number): StoreEvent => ({
  scope: 'store/order/statusUpdated',
  data: { type: 'order', id, status: { previous_status_id: previous, new_status_id: next } },
});

export const refundEvent = (orderId: number, refundId: number): StoreEvent => ({
  scope: 'store/order/refund/created',
  data: { type: 'order', id: orderId, refund: { refund_id: refundId } },
});

export const shipmentEvent = (shipmentId: number, orderId: number): StoreEvent => ({
  scope: 'store/shipment/created',
  data: { type: 'shipment', id: shipmentId, orderId },
});

export const productEvent = (verb: 'created' | 'updated' | 'deleted', id: number): StoreEvent => ({
  scope: `store/product/${verb}`,
  data: { type: 'product', id },
});

/** A SKU is a variant: `id` is its SKU id (the variant id for the base variant, which has none). */
export const skuEvent = (verb: 'created' | 'updated' | 'deleted', v: VariantRec): StoreEvent => ({
  scope: `store/sku/${verb}`,
  data: { type: 'sku', id: v.skuId ?? v.id, sku: { product_id: v.productId, variant_id: v.id } },
});

export const customerEvent = (verb: 'created' | 'updated' | 'deleted', id: number): StoreEvent => ({
  scope: `store/customer/${verb}`,
  data: { type: 'customer', id },
});

export const categoryEvent = (verb: 'created' | 'updated' | 'deleted', id: number): StoreEvent => ({
  scope: `store/category/${verb}`,
  data: { type: 'category', id },
});

/**
 * A stock change: product-level for a product tracked by product (its base variant), SKU-level
 * for one tracked by variant. `value` is the level set (absolute) or the difference (relative).
 */
export function inventoryEvent(
  tracking: 'product' | 'variant',
  v: VariantRec,
  method: 'absolute' | 'relative',
  value: number,
): StoreEvent {
  if (tracking === 'product')
    return {
      scope: 'store/product/inventory/updated',
      data: { type: 'product', id: v.productId, inventory: { product_id: v.productId, method, value } },
    };
  return {
    scope: 'store/sku/inventory/updated',
    data: {
      type: 'sku',
      id: v.skuId ?? v.id,
      inventory: { product_id: v.productId, method, value, variant_id: v.id },
    },
  };
}
