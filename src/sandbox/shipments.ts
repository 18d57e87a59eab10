/**
 * How a shipment request (POST /v2/orders/{id}/shipments, orders.v2.oas2.yml) turns into a
 * shipment record and shipped quantities — pure, so the rules are tested without a server:
 *  - `order_address_id` must be one of the order's shipping addresses, and every item a
 *    physical product of the order going to that address (the orders guide: "each shipment
 *    can have a different order_address_id");
 *  - no line ships more than it has left (quantity − quantity_shipped), items of the same
 *    line in one request counted together;
 *  - afterwards the order is Shipped (2) when every physical line is shipped in full and
 *    Partially Shipped (3) otherwise, as BigCommerce moves it; date_shipped is the last
 *    shipment's.
 * Each refusal names the field, as v2's errors do.
 */
import { toCents } from './money.js';
import type { OrderRec, ShipmentRec } from './model.js';

export interface ShipmentRequest {
  order_address_id: number;
  items: ReadonlyArray<{ order_product_id: number; quantity: number }>;
  tracking_number?: string | undefined;
  tracking_link?: string | undefined;
  merchant_shipping_cost?: string | undefined;
  shipping_method?: string | undefined;
  shipping_provider?: string | undefined;
  tracking_carrier?: string | undefined;
  comments?: string | undefined;
}

/** A refused shipment: the field at fault and why. */
export class ShipmentError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ShipmentError';
  }
}

export const SHIPPED = 2;
export const PARTIALLY_SHIPPED = 3;

export function buildShipment(order: OrderRec, req: ShipmentRequest, id: number, now: number): ShipmentRec {
  const address = order.shipping.find((s) => s.id === req.order_address_id);
  if (!address)
    throw new ShipmentError('order_address_id', `order ${order.id} has no shipping address ${req.order_address_id}`);
  const asked = new Map<number, number>();
  for (const item of req.items) {
    const line = order.lines.find((l) => l.id === item.order_product_id);
    if (!line)
      throw new ShipmentError('order_product_id', `order ${order.id} has no order product ${item.order_product_id}`);
    if (line.type === 'digital')
      throw new ShipmentError('order_product_id', `order product ${line.id} is a digital product; it is not shipped`);
    if (line.orderAddressId !== address.id)
      throw new ShipmentError(
        'order_product_id',
        `order product ${line.id} goes to shipping address ${line.orderAddressId}, not ${address.id}`,
      );
    const total = (asked.get(line.id) ?? 0) + item.quantity;
    const left = line.quantity - line.quantityShipped;
    if (total > left)
      throw new ShipmentError(
        'quantity',
        `order product ${line.id} has ${left} left to ship; the shipment asks for ${total}`,
      );
    asked.set(line.id, total);
  }
  const cost = req.merchant_shipping_cost === undefined ? 0 : Number.parseFloat(req.merchant_shipping_cost);
  if (!Number.isFinite(cost) || cost < 0)
    throw new ShipmentError('merchant_shipping_cost', 'expected a non-negative decimal amount');
  return {
    id,
    orderAddressId: address.id,
    dateCreated: now,
    trackingNumber: req.tracking_number ?? '',
    trackingLink: req.tracking_link ?? '',
    merchantShippingCost: toCents(cost),
    shippingMethod: req.shipping_method ?? '',
    shippingProvider: req.shipping_provider ?? '',
    trackingCarrier: req.tracking_carrier ?? '',
    comments: req.comments ?? '',
    items: [...asked].map(([lineId, quantity]) => ({
      orderProductId: lineId,
      productId: order.lines.find((l) => l.id === lineId)?.productId ?? 0,
      quantity,
    })),
  };
}

/** Records the shipment on the order: shipped quantities, status, dates. */
export function applyShipment(order: OrderRec, shipment: ShipmentRec): void {
  for (const item of shipment.items) {
    const line = order.lines.find((l) => l.id === item.orderProductId);
    if (line) line.quantityShipped += item.quantity;
  }
  order.shipments.push(shipment);
  const physical = order.lines.filter((l) => l.type !== 'digital');
  order.statusId = physical.every((l) => l.quantityShipped >= l.quantity) ? SHIPPED : PARTIALLY_SHIPPED;
  order.dateShipped = shipment.dateCreated;
  order.dateModified = shipment.dateCreated;
}
