/**
 * Inventory adjustments (inventory.v3.yml): PUT /v3/inventory/adjustments/absolute and POST
 * /v3/inventory/adjustments/relative. Both answer 200 with a `transaction_id` once every item
 * is written, and 422 with the items' problems when any is refused (nothing written then).
 * The platform applies adjustments asynchronously ("a short delay"); the sandbox applies them
 * at once, so the next read sees them — the latest a client may expect them.
 */
import { randomUUID } from 'node:crypto';
import { validBody } from './body.js';
import { ok, type Handler, type RequestCtx, type Reply } from './context.js';
import { AdjustmentError, planAdjustment } from './inventory-adjust.js';
import { ApiError } from './query.js';
import { AdjustmentBody } from './write-bodies.js';

function adjust(ctx: RequestCtx, mode: 'absolute' | 'relative'): Reply {
  const body = validBody(ctx, AdjustmentBody);
  try {
    ctx.store.writeStock(planAdjustment(ctx.store, mode, body.items), mode);
  } catch (err) {
    if (err instanceof AdjustmentError) throw new ApiError(422, err.message);
    throw err;
  }
  return ok({ transaction_id: randomUUID() });
}

export const adjustAbsolute: Handler = (ctx) => adjust(ctx, 'absolute');

export const adjustRelative: Handler = (ctx) => adjust(ctx, 'relative');
