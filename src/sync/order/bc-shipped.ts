/**
 * The last step of an orders page: what BigCommerce already shipped (its order products'
 * `quantity_shipped`) is delivered in Odoo — the open delivery validated for those quantities,
 * a backorder for the rest, BigCommerce's shipment id, carrier and tracking numbers on it — so
 * an order shipped by the store or its warehouse app does not leave a delivery "Ready" in Odoo
 * forever, with a forecast below on-hand. What is left to deliver is worked out from state
 * (bc-shipped-plan.ts), so a run killed after a validation delivers nothing twice.
 *
 * Calls for a page, whatever its size, only when some order of it has shipped items: the lines
 * and their bindings (2), the open moves and the order's deliveries (2); then, only for orders
 * with something left to deliver, one BigCommerce request each (its shipments, for the
 * tracking numbers) and in Odoo one `load` of the moves' quantities, one `load` of the
 * deliveries' shipment fields and one `button_validate` for all of them (split by bisect only
 * when Odoo refuses one).
 *
 * The shipment fields are written before the validation: the shipments export only looks at
 * done deliveries with no shipment id, so a delivery validated here is never sent back.
 */
import { bisect } from '../../odoo/bisect.js';
import type { BcOrderDetails } from '../../bigcommerce/order-details.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import { workflowStep } from '../failure.js';
import type { Tally } from '../tally.js';
import { type LineState, type OpenMove, planBcDeliveries, shipmentRecord } from './bc-shipped-plan.js';
import { lineOrderProducts } from './line-bindings.js';
import { E, orderName } from './page.js';

export interface ShippedOrder {
  d: BcOrderDetails;
  saleOrderId: number;
}

interface Delivery {
  order: ShippedOrder;
  plan: ReturnType<typeof planBcDeliveries>;
}

export async function deliverBcShipments(
  ctx: ImportContext,
  tally: Tally,
  orders: readonly ShippedOrder[],
): Promise<void> {
  const shipped = orders.filter((o) => o.d.products.some((p) => (p.quantity_shipped ?? 0) > 0));
  if (!shipped.length || !(await odooDelivers(ctx))) return;
  const deliveries = await planDeliveries(ctx, tally, shipped);
  if (!deliveries.length) return;
  const records = await shipmentRecords(ctx, tally, deliveries);
  const written = await writeQuantities(
    ctx,
    tally,
    deliveries.filter((d) => records.has(d.order.saleOrderId)),
    records,
  );
  crashPoint('orders:deliver');
  await validate(ctx, tally, written);
}

/** Odoo has deliveries for sale orders (Inventory installed) and bc-odoo's field on them (setup 8). */
async function odooDelivers(ctx: ImportContext): Promise<boolean> {
  if (!(await ctx.odoo.hasModel('stock.picking'))) return false;
  return ctx.odoo.hasField('stock.picking', 'x_bc_shipment_id');
}

/** Each order's lines, open moves and plan; orders with nothing left to deliver drop out. */
async function planDeliveries(ctx: ImportContext, tally: Tally, orders: readonly ShippedOrder[]): Promise<Delivery[]> {
  const saleIds = orders.map((o) => o.saleOrderId);
  const lineRows = await ctx.odoo.searchRead<{
    id: number;
    order_id: [number, string];
    product_id: [number, string] | false;
    product_uom_qty: number;
    qty_delivered: number;
  }>('sale.order.line', [['order_id', 'in', saleIds]], ['order_id', 'product_id', 'product_uom_qty', 'qty_delivered']);
  const lineIds = lineRows.map((l) => l.id);
  const [orderProductOf, moveRows] = await Promise.all([
    lineOrderProducts(ctx, lineIds),
    ctx.odoo.searchRead<{
      id: number;
      picking_id: [number, string] | false;
      sale_line_id: [number, string];
      product_id: [number, string];
      product_uom_qty: number;
    }>(
      'stock.move',
      [
        ['sale_line_id', 'in', lineIds],
        ['state', 'not in', ['done', 'cancel', 'draft']],
        ['picking_id', '!=', false],
        ['picking_code', '=', 'outgoing'],
        ['location_dest_id.usage', '=', 'customer'],
      ],
      ['picking_id', 'sale_line_id', 'product_id', 'product_uom_qty'],
    ),
  ]);
  const out: Delivery[] = [];
  for (const order of orders) {
    const lines: LineState[] = lineRows
      .filter((l) => l.order_id[0] === order.saleOrderId && orderProductOf.has(l.id))
      .map((l) => ({
        id: l.id,
        orderProductId: orderProductOf.get(l.id)!,
        productId: l.product_id ? l.product_id[0] : 0,
        ordered: l.product_uom_qty,
        delivered: l.qty_delivered,
      }));
    const lineSet = new Set(lines.map((l) => l.id));
    const moves: OpenMove[] = moveRows
      .filter((m) => lineSet.has(m.sale_line_id[0]) && m.picking_id)
      .map((m) => ({
        id: m.id,
        pickingId: (m.picking_id as [number, string])[0],
        saleLineId: m.sale_line_id[0],
        productId: m.product_id[0],
        demand: m.product_uom_qty,
      }));
    const shippedQty = new Map(order.d.products.map((p) => [p.id, p.quantity_shipped ?? 0]));
    const plan = planBcDeliveries(lines, shippedQty, moves);
    for (const n of plan.notes) await tally.warn(E, order.d.order.id, n, orderName(order.d));
    if (plan.pickingIds.length) out.push({ order, plan });
  }
  return out;
}

type ShipmentFields = ReturnType<typeof shipmentRecord>;

/**
 * Per order, BigCommerce's shipments that no Odoo delivery holds yet (one request per order;
 * one Odoo read for all the orders' recorded shipment ids). An order whose shipments cannot
 * be read fails alone, before anything of it is written.
 */
async function shipmentRecords(
  ctx: ImportContext,
  tally: Tally,
  deliveries: readonly Delivery[],
): Promise<Map<number, ShipmentFields>> {
  const known = new Set(
    (
      await ctx.odoo.searchRead<{ x_bc_shipment_id: number }>(
        'stock.picking',
        [
          ['sale_id', 'in', deliveries.map((d) => d.order.saleOrderId)],
          ['x_bc_shipment_id', '>', 0],
        ],
        ['x_bc_shipment_id'],
      )
    ).map((p) => p.x_bc_shipment_id),
  );
  const out = new Map<number, ShipmentFields>();
  for (const { order } of deliveries) {
    try {
      const { records } = await ctx.bc.orderShipments(order.d.order.id).all();
      out.set(
        order.saleOrderId,
        shipmentRecord(
          records
            .filter((s) => !known.has(s.id))
            .map((s) => ({
              id: s.id,
              trackingNumber: s.tracking_number,
              shippingProvider: s.shipping_provider_display_name || s.shipping_provider,
              trackingCarrier: s.tracking_carrier,
              shippingMethod: s.shipping_method,
            })),
        ),
      );
    } catch (err) {
      await tally.fail(
        E,
        order.d.order.id,
        workflowStep(`deliver: ${(err as Error).message}`, err),
        orderName(order.d),
      );
    }
  }
  return out;
}

/**
 * The moves' quantities and the deliveries' shipment fields, one `load` each for the page.
 * Returns the deliveries written: all of them, or none when Odoo refused a load (a refused
 * `load` writes nothing, and the orders are failed, so the next run does them again).
 */
async function writeQuantities(
  ctx: ImportContext,
  tally: Tally,
  deliveries: readonly Delivery[],
  records: ReadonlyMap<number, ShipmentFields>,
): Promise<readonly Delivery[]> {
  if (!deliveries.length) return [];
  const moves = deliveries.flatMap((d) =>
    [...d.plan.quantities].map(([id, q]) => [String(id), String(q), q > 0 ? '1' : '0']),
  );
  const tracking = await ctx.odoo.hasField('stock.picking', 'carrier_tracking_ref');
  const pickings = deliveries.flatMap((d) => {
    const r = records.get(d.order.saleOrderId)!;
    return d.plan.pickingIds.map((id) => [
      String(id),
      String(r.shipmentId || -1),
      r.carrier,
      ...(tracking ? [r.tracking] : []),
    ]);
  });
  const moveRes = await ctx.odoo.load('stock.move', ['.id', 'quantity', 'picked'], moves);
  const pickRes =
    moveRes.ids === false
      ? moveRes
      : await ctx.odoo.load(
          'stock.picking',
          ['.id', 'x_bc_shipment_id', 'x_bc_carrier', ...(tracking ? ['carrier_tracking_ref'] : [])],
          pickings,
        );
  if (moveRes.ids === false || pickRes.ids === false) {
    const why = (moveRes.ids === false ? moveRes : pickRes).messages.map((m) => m.message).join('; ');
    for (const d of deliveries)
      await tally.fail(E, d.order.d.order.id, workflowStep(`deliver: ${why}`), orderName(d.order.d));
    return [];
  }
  return deliveries;
}

/**
 * One `button_validate` for every delivery: the quantities set are delivered, the rest goes to
 * a backorder (skip_backorder: no wizard; no picking exempted from backorders).
 */
async function validate(ctx: ImportContext, tally: Tally, deliveries: readonly Delivery[]): Promise<void> {
  const orderOf = new Map(deliveries.flatMap((d) => d.plan.pickingIds.map((id) => [id, d.order])));
  await bisect(
    [...orderOf.keys()],
    (ids) =>
      ctx.odoo.callRecords(
        'stock.picking',
        ids,
        'button_validate',
        {},
        { context: { skip_backorder: true, picking_ids_not_to_backorder: [], skip_sms: true } },
      ),
    async (pickingId, err) => {
      const o = orderOf.get(pickingId)!;
      // Left open, it must not look delivered-from-BigCommerce to the shipments export later.
      await ctx.odoo.write('stock.picking', [pickingId], { x_bc_shipment_id: 0 });
      await tally.fail(E, o.d.order.id, workflowStep(`deliver: ${(err as Error).message}`, err), orderName(o.d));
    },
  );
}
