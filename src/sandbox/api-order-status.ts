/**
 * PUT /v2/orders/{order_id} (orders.v2.oas2.yml `updateOrder`), for the one field this project
 * writes: `status_id`. It answers 200 with the order, as the spec's order_Resp. Any other field
 * of order_Put is refused by name rather than ignored: the sandbox would not make that change,
 * and a test must not believe it did.
 */
import { validBody } from './body.js';
import { idParam, ok, type Handler } from './context.js';
import { ApiError } from './query.js';
import { orderJson } from './serialize-orders.js';
import { OrderStatusBody } from './write-bodies.js';

export const updateOrder: Handler = (ctx) => {
  const id = idParam(ctx, 'order_id');
  if (id === undefined || !ctx.store.orders.get(id)) throw new ApiError(404, 'The requested resource was not found.');
  const body = validBody(ctx, OrderStatusBody);
  const other = Object.keys(body).find((k) => k !== 'status_id');
  if (other !== undefined)
    throw new ApiError(400, `The field '${other}' is invalid.`, {
      invalid_reason: 'the sandbox changes only status_id of an order',
    });
  if (!ctx.store.orderStatuses.some((s) => s.id === body.status_id))
    throw new ApiError(400, "The field 'status_id' is invalid.", {
      invalid_reason: `no order status ${body.status_id}`,
    });
  return ok(orderJson(ctx, ctx.store.changeOrderStatus(id, body.status_id)));
};
