/**
 * The first step of a page of orders: which orders to import at all (the status map), which
 * of those changed since their last import (fingerprints of the BigCommerce data alone, so an
 * unchanged order costs nothing more), and which are still quotations in Odoo (only those get
 * partners, pricelist and lines written). Two Odoo calls for the fingerprints, one for states.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { OrderAction } from '../../config/index.js';
import { planChanges } from '../changes.js';
import type { ImportContext } from '../context.js';
import { RecordFailure } from '../failure.js';
import { fingerprint } from '../fingerprint.js';
import type { Tally } from '../tally.js';
import { orderLines } from './mapper.js';
import { failOrder, type PlannedOrder } from './page.js';
import { PARTIALLY_SHIPPED, SHIPPED, statusAction } from './status-action.js';
import { OdooNotFoundError } from '../../odoo/errors.js';

/** The page's orders that changed, or none in a dry run (counted instead). */
export async function planPage(
  ctx: ImportContext,
  tally: Tally,
  page: BcOrderDetails[],
  dryRun: boolean,
): Promise<PlannedOrder[]> {
  const mapped = await mappedOrders(ctx, tally, page);
  if (!mapped.length) return [];
  const changed = await changedOrders(ctx, tally, mapped);
  if (!changed.length) return [];
  if (dryRun) {
    for (const p of changed) p.existingId === undefined ? tally.created++ : tally.updated++;
    return [];
  }
  return withDraftStates(ctx, changed);
}

/** Orders whose status the map knows: "skip" is counted, a status it does not have fails. */
async function mappedOrders(ctx: ImportContext, tally: Tally, page: BcOrderDetails[]): Promise<MappedOrder[]> {
  const out: MappedOrder[] = [];
  const shipped = await shippedFromOdoo(ctx, page);
  for (const d of page) {
    const { action, followsOdooShipment } = statusAction(
      ctx.instance.orders.statusMap,
      d.order.status_id,
      shipped.has(d.order.id),
    );
    if (!action)
      await failOrder(
        tally,
        d,
        new RecordFailure(
          'invalid_data',
          `status_id ${d.order.status_id} (${d.order.status ?? 'unknown'}) has no entry in orders.status_map`,
        ),
      );
    else if (action === 'skip') tally.skipped++;
    else out.push({ d, action, followsOdooShipment });
  }
  return out;
}

type MappedOrder = { d: BcOrderDetails; action: OrderAction; followsOdooShipment: boolean };

/**
 * BigCommerce ids of the page's Shipped / Partially Shipped orders that have a delivery
 * exported from Odoo (stock.picking x_bc_shipment_id): one read, only when the page has such
 * orders and this Odoo has Inventory and the field (setup 8).
 */
async function shippedFromOdoo(ctx: ImportContext, page: BcOrderDetails[]): Promise<Set<number>> {
  const ids = page.filter((d) => [SHIPPED, PARTIALLY_SHIPPED].includes(d.order.status_id)).map((d) => d.order.id);
  if (!ids.length) return new Set();
  try {
    if (!('x_bc_shipment_id' in (await ctx.odoo.fieldsGet('stock.picking')))) return new Set();
    if (!('picking_ids' in (await ctx.odoo.fieldsGet('sale.order')))) return new Set();
  } catch (err) {
    if (err instanceof OdooNotFoundError) return new Set();
    throw err;
  }
  const rows = await ctx.odoo.searchRead<{ x_bc_order_id: number }>(
    'sale.order',
    [
      ['x_bc_order_id', 'in', ids],
      ['picking_ids.x_bc_shipment_id', '>', 0],
    ],
    ['x_bc_order_id'],
  );
  return new Set(rows.map((r) => r.x_bc_order_id));
}

/** Orders whose fingerprint differs from the one stored on their sale.order (or that have none). */
async function changedOrders(ctx: ImportContext, tally: Tally, mapped: MappedOrder[]): Promise<PlannedOrder[]> {
  const planned = mapped.map(({ d, action, followsOdooShipment }) => {
    const lines = orderLines(d, ctx.taxModel);
    const hash = fingerprint([
      d.order,
      d.products,
      d.shippingAddresses,
      d.couponCodes,
      d.fees,
      lines,
      action,
      ctx.instance.payments,
    ]);
    return { d, action, followsOdooShipment, lines, hash };
  });
  const plan = await planChanges(
    ctx,
    'order',
    'sale.order',
    planned.map((p) => ({ bcId: p.d.order.id, values: {}, hash: p.hash })),
  );
  tally.unchanged += plan.unchanged.length;
  const created = new Set(plan.create.map((c) => Number(c.bcId)));
  const existing = new Map(plan.update.map((u) => [Number(u.bcId), u.odooId]));
  return planned
    .filter((p) => created.has(p.d.order.id) || existing.has(p.d.order.id))
    .map((p) => ({ ...p, existingId: existing.get(p.d.order.id), draft: true }));
}

/** Marks the orders Odoo has already confirmed (or cancelled): their lines stay as they are. */
async function withDraftStates(ctx: ImportContext, orders: PlannedOrder[]): Promise<PlannedOrder[]> {
  const ids = orders.map((o) => o.existingId).filter((id): id is number => id !== undefined);
  if (!ids.length) return orders;
  const rows = await ctx.odoo.read<{ id: number; state: string }>('sale.order', ids, ['state']);
  const stateOf = new Map(rows.map((r) => [r.id, r.state]));
  return orders.map((o) => ({
    ...o,
    draft: o.existingId === undefined || ['draft', 'sent'].includes(stateOf.get(o.existingId) ?? 'draft'),
  }));
}
