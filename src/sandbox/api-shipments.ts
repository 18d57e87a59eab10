/**
 * Order shipments (orders.v2.oas2.yml, "Order Shipments"): the list (a bare array, 204 when
 * the order has none), the count, one shipment, and POST, which answers 201 with the new
 * shipment and changes the order as shipments.ts decides. An order that does not exist is
 * v2's 404; a refused shipment is v2's 400 naming the field.
 */
import { RESOURCES } from '../bigcommerce/resources.js';
import { validBody } from './body.js';
import { created, idParam, noContent, ok, type Handler } from './context.js';
import type { OrderRec } from './model.js';
import { v2Page } from './paging.js';
import { NOT_FOUND_V2, orderOf } from './api-orders.js';
import { ApiError } from './query.js';
import { shipmentJson } from './serialize-shipments.js';
import { ShipmentError } from './shipments.js';
import { ShipmentBody } from './write-bodies.js';

export const listOrderShipments: Handler = (ctx) => {
  const o = orderOf(ctx);
  const page = v2Page(o.shipments, ctx.query, RESOURCES.orderShipments.maxLimit);
  return page ? ok(page.map((s) => shipmentJson(o, s))) : noContent();
};

export const countOrderShipments: Handler = (ctx) => ok({ count: orderOf(ctx).shipments.length });

export const getOrderShipment: Handler = (ctx) => {
  const o = orderOf(ctx);
  const id = idParam(ctx, 'shipment_id');
  const s = o.shipments.find((x) => x.id === id);
  if (!s) throw new ApiError(404, NOT_FOUND_V2);
  return ok(shipmentJson(o, s));
};

export const createOrderShipment: Handler = (ctx) => {
  const o = orderOf(ctx);
  const body = validBody(ctx, ShipmentBody);
  try {
    const shipment = ctx.store.addShipment(o.id, body);
    return created(shipmentJson(ctx.store.orders.get(o.id) as OrderRec, shipment));
  } catch (err) {
    if (err instanceof ShipmentError)
      throw new ApiError(400, `The field '${err.field}' is invalid.`, { invalid_reason: err.reason });
    throw err;
  }
};
