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
 * exported from Odoo (a shipment id and the export's claim; a delivery made for a shipment
 * made in BigCommerce is not one: that status is BigCommerce's own news, mapped as usual):
 * at most three reads, only when the page has such orders and this Odoo has the field (setup 8).
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
  // Deliveries with a shipment id of these orders; those `export shipments` sent carry its claim
  // (`shipment_claim_<picking>`), those delivered for a shipment made in BigCommerce do not.
  const pickings = await ctx.odoo.searchRead<{ id: number; sale_id: [number, string] }>(
    'stock.picking',
    [
      ['sale_id.x_bc_order_id', 'in', ids],
      ['x_bc_shipment_id', '>', 0],
    ],
    ['sale_id'],
  );
  if (!pickings.length) return new Set();
  const claimed = await ctx.odoo.searchRead<{ res_id: number }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', 'stock.picking'],
      ['res_id', 'in', pickings.map((p) => p.id)],
      ['name', '=like', 'shipment\\_claim\\_%'],
    ],
    ['res_id'],
  );
  const exported = new Set(claimed.map((c) => c.res_id));
  const saleIds = [...new Set(pickings.filter((p) => exported.has(p.id)).map((p) => p.sale_id[0]))];
  if (!saleIds.length) return new Set();
  const orders = await ctx.odoo.read<{ x_bc_order_id: number }>('sale.order', saleIds, ['x_bc_order_id']);
  return new Set(orders.map((o) => o.x_bc_order_id));
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
