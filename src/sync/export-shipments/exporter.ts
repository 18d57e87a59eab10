/**
 * `bc-odoo export shipments`: every done outgoing delivery of an imported order (to a customer
 * location, not a return, not cancelled) → one BigCommerce shipment (planner.ts), in the order
 * the deliveries were validated, so a partial delivery and its backorder become two.
 *
 * Exactly once. Before the request the delivery is claimed with an external id
 * `shipment_claim_<picking id>` (unique in Odoo); after BigCommerce answered, the shipment id
 * goes on the delivery (x_bc_shipment_id, the "done" marker). A claim without a shipment id was
 * left by a run that stopped between the two, or whose request got no answer (outcomeUnknown):
 * the order's shipments are read, and the one whose comments name the delivery is recorded —
 * never posted again. When BigCommerce has none and the claim is older than CLAIM_SETTLE_MS,
 * the request never took effect and the delivery is shipped; a younger claim waits for the
 * next run. Exports run under the entity's lease, so no other run holds a claim meanwhile.
 *
 * Odoo calls per run: the deliveries (1), their moves (1), the sale lines and their bindings
 * (2), carriers (1), kits' component demand (1, only with kits), the claims (1); per delivery
 * shipped: its claim (1) and its shipment id (1). BigCommerce: per order with something to ship
 * its products (1) — and its shipments (1) only to reconcile — and one POST per delivery.
 */
import { BigCommerceError } from '../../bigcommerce/errors.js';
import type { ImportContext } from '../context.js';
import { crashPoint } from '../crash-points.js';
import type { EntityImporter } from '../run-import.js';
import type { Tally } from '../tally.js';
import { lineOrderProducts } from '../order/line-bindings.js';
import {
  findShipmentOf,
  planShipment,
  type OrderProductInfo,
  type PickingMove,
  type PickingToShip,
  type SaleLineInfo,
} from './planner.js';

export const E = 'export_shipments';
/**
 * A claim with nothing behind it, older than this, is from a request that never took effect.
 * BC_ODOO_CLAIM_SETTLE_MS shortens it for the crash test only (read from the environment on
 * purpose, as crash points are: a test's knob, never a setting).
 */
export const CLAIM_SETTLE_MS = settleMs(process.env.BC_ODOO_CLAIM_SETTLE_MS);

function settleMs(raw: string | undefined): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : 60_000;
}
/** x_bc_shipment_id of a delivery with nothing of the BigCommerce order in it: not looked at again */
export const NOTHING_TO_SHIP = -1;

interface PickingRow {
  id: number;
  name: string;
  sale_id: [number, string];
  date_done: string | false;
  carrier_tracking_ref?: string | false;
  carrier_id?: [number, string] | false;
}

export const shipmentExporter: EntityImporter = {
  entity: E,
  operation: 'export',
  incremental: false,
  async run(ctx, tally, opts) {
    const pickings = await donePickings(ctx, opts.orderIds);
    if (!pickings.length) return {};
    const work = await readWork(ctx, pickings);
    const claims = await readClaims(
      ctx,
      pickings.map((p) => p.id),
    );
    // One order at a time, its deliveries in the order they were validated.
    const byOrder = new Map<number, PickingRow[]>();
    for (const p of pickings) {
      const bcOrder = work.bcOrderOf.get(p.sale_id[0])!;
      byOrder.set(bcOrder, [...(byOrder.get(bcOrder) ?? []), p]);
    }
    for (const [bcOrder, list] of byOrder) {
      ctx.signal?.throwIfAborted();
      await exportOrder(ctx, tally, bcOrder, list, work, claims, !!opts.dryRun);
      opts.onProgress?.(tally);
    }
    return {};
  },
};

async function donePickings(ctx: ImportContext, orderIds: readonly number[] | undefined): Promise<PickingRow[]> {
  const fields = await ctx.odoo.fieldsGet('stock.picking');
  const domain: unknown[] = [
    ['state', '=', 'done'],
    ['picking_type_code', '=', 'outgoing'],
    ['location_dest_id.usage', '=', 'customer'],
    ['return_id', '=', false],
    ['sale_id.x_bc_order_id', '>', 0],
    '|',
    ['x_bc_shipment_id', '=', false],
    ['x_bc_shipment_id', '=', 0],
  ];
  if (orderIds?.length) domain.push(['sale_id.x_bc_order_id', 'in', [...orderIds]]);
  const extra = ['carrier_tracking_ref', 'carrier_id'].filter((f) => f in fields); // stock_delivery
  return ctx.odoo.searchRead<PickingRow>('stock.picking', domain, ['name', 'sale_id', 'date_done', ...extra], {
    order: 'date_done, id',
  });
}

interface Work {
  bcOrderOf: Map<number, number>;
  moves: Map<number, PickingMove[]>;
  lines: Map<number, SaleLineInfo>;
  carriers: Map<number, { name: string; deliveryType?: string }>;
}

/** Everything the planner needs from Odoo for these deliveries, in a fixed number of reads. */
async function readWork(ctx: ImportContext, pickings: PickingRow[]): Promise<Work> {
  const saleIds = [...new Set(pickings.map((p) => p.sale_id[0]))];
  const carrierIds = [...new Set(pickings.map((p) => (p.carrier_id ? p.carrier_id[0] : 0)).filter(Boolean))];
  const [orders, moveRows, carrierRows] = await Promise.all([
    ctx.odoo.read<{ id: number; x_bc_order_id: number }>('sale.order', saleIds, ['x_bc_order_id']),
    ctx.odoo.searchRead<{
      picking_id: [number, string];
      sale_line_id: [number, string] | false;
      product_id: [number, string];
      quantity: number;
    }>(
      'stock.move',
      [
        ['picking_id', 'in', pickings.map((p) => p.id)],
        ['state', '=', 'done'],
      ],
      ['picking_id', 'sale_line_id', 'product_id', 'quantity'],
    ),
    carrierIds.length
      ? ctx.odoo.read<{ id: number; name: string; delivery_type: string | false }>('delivery.carrier', carrierIds, [
          'name',
          'delivery_type',
        ])
      : Promise.resolve([]),
  ]);
  const moves = new Map<number, PickingMove[]>();
  for (const m of moveRows) {
    const list = moves.get(m.picking_id[0]) ?? [];
    list.push({
      ...(m.sale_line_id ? { saleLineId: m.sale_line_id[0] } : {}),
      productId: m.product_id[0],
      quantity: m.quantity,
    });
    moves.set(m.picking_id[0], list);
  }
  const lines = await readLines(ctx, moveRows);
  return {
    bcOrderOf: new Map(orders.map((o) => [o.id, o.x_bc_order_id])),
    moves,
    lines,
    carriers: new Map(
      carrierRows.map((c) => [c.id, { name: c.name, ...(c.delivery_type ? { deliveryType: c.delivery_type } : {}) }]),
    ),
  };
}

/** The sale lines of the moves: their BigCommerce order product (binding), product, quantity, kit demand. */
async function readLines(
  ctx: ImportContext,
  moveRows: { sale_line_id: [number, string] | false; product_id: [number, string] }[],
): Promise<Map<number, SaleLineInfo>> {
  const lineIds = [...new Set(moveRows.map((m) => (m.sale_line_id ? m.sale_line_id[0] : 0)).filter(Boolean))];
  if (!lineIds.length) return new Map();
  const [rows, orderProductOf] = await Promise.all([
    ctx.odoo.read<{ id: number; product_id: [number, string] | false; product_uom_qty: number }>(
      'sale.order.line',
      lineIds,
      ['product_id', 'product_uom_qty'],
    ),
    lineOrderProducts(ctx, lineIds),
  ]);
  const out = new Map<number, SaleLineInfo>();
  for (const r of rows) {
    const op = orderProductOf.get(r.id);
    out.set(r.id, {
      ...(op ? { orderProductId: op } : {}),
      productId: r.product_id ? r.product_id[0] : 0,
      quantity: r.product_uom_qty,
    });
  }
  // Kits: moves of other products than their line's; their demand over all the line's deliveries.
  const kitLines = [
    ...new Set(
      moveRows
        .filter((m) => m.sale_line_id && out.get(m.sale_line_id[0])?.productId !== m.product_id[0])
        .map((m) => (m.sale_line_id as [number, string])[0]),
    ),
  ];
  if (kitLines.length) {
    const all = await ctx.odoo.searchRead<{
      sale_line_id: [number, string];
      product_id: [number, string];
      product_uom_qty: number;
    }>(
      'stock.move',
      [
        ['sale_line_id', 'in', kitLines],
        ['state', '!=', 'cancel'],
        ['picking_code', '=', 'outgoing'],
        ['location_dest_id.usage', '=', 'customer'],
      ],
      ['sale_line_id', 'product_id', 'product_uom_qty'],
    );
    for (const lineId of kitLines) {
      const demand = new Map<number, number>();
      for (const m of all.filter((x) => x.sale_line_id[0] === lineId))
        demand.set(m.product_id[0], (demand.get(m.product_id[0]) ?? 0) + m.product_uom_qty);
      out.set(lineId, { ...out.get(lineId)!, componentDemand: demand });
    }
  }
  return out;
}

interface Claim {
  id: number;
  pickingId: number;
  createdAt: number;
}

async function readClaims(ctx: ImportContext, pickingIds: number[]): Promise<Map<number, Claim>> {
  const rows = await ctx.odoo.searchRead<{ id: number; name: string; create_date: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['name', 'in', pickingIds.map((id) => ctx.binder.name('shipment_claim', id))],
    ],
    ['name', 'create_date'],
  );
  return new Map(
    rows.map((r) => {
      const pickingId = Number(r.name.slice('shipment_claim_'.length));
      return [pickingId, { id: r.id, pickingId, createdAt: new Date(`${r.create_date.replace(' ', 'T')}Z`).getTime() }];
    }),
  );
}

async function exportOrder(
  ctx: ImportContext,
  tally: Tally,
  bcOrder: number,
  pickings: PickingRow[],
  work: Work,
  claims: Map<number, Claim>,
  dryRun: boolean,
): Promise<void> {
  let orderProducts: OrderProductInfo[] | undefined;
  let shipments: { id: number; comments?: string | null | undefined }[] | undefined;
  const products = async () => {
    if (!orderProducts) {
      const { records } = await ctx.bc.orderProducts(bcOrder).all();
      orderProducts = records.map((p) => ({
        id: p.id,
        ...(p.order_address_id ? { orderAddressId: p.order_address_id } : {}),
        left: p.quantity - (p.quantity_shipped ?? 0),
      }));
    }
    return orderProducts;
  };
  for (const p of pickings) {
    const label = `${p.name} (BigCommerce order ${bcOrder})`;
    try {
      const claim = claims.get(p.id);
      if (claim) {
        shipments ??= (await ctx.bc.orderShipments(bcOrder).all()).records;
        const made = findShipmentOf(shipments, p.name);
        if (made) {
          if (!dryRun) await recordShipment(ctx, p.id, made.id);
          tally.created++;
          continue;
        }
        if (Date.now() - claim.createdAt < CLAIM_SETTLE_MS) {
          await tally.warn(
            E,
            p.id,
            'claimed by a run that stopped less than a minute ago and BigCommerce has no shipment for it yet: left for the next run',
            label,
          );
          continue;
        }
        // The request never took effect: the delivery is shipped now, under a claim of its own.
        if (!dryRun) await ctx.odoo.unlink('ir.model.data', [claim.id]);
      }
      const plan = planShipment(
        {
          id: p.id,
          name: p.name,
          ...(p.carrier_tracking_ref ? { trackingRef: p.carrier_tracking_ref } : {}),
          ...(p.carrier_id && work.carriers.get(p.carrier_id[0])
            ? { carrier: work.carriers.get(p.carrier_id[0])! }
            : {}),
          moves: work.moves.get(p.id) ?? [],
        } satisfies PickingToShip,
        work.lines,
        await products(),
        ctx.instance.shipments?.carriers ?? new Map(),
      );
      if (plan.kind === 'nothing') {
        tally.skipped++;
        if (!dryRun) await ctx.odoo.write('stock.picking', [p.id], { x_bc_shipment_id: NOTHING_TO_SHIP });
        continue;
      }
      if (plan.kind === 'invalid') {
        await tally.fail(E, p.id, new Error(plan.reason), label);
        continue;
      }
      for (const n of plan.notes) await tally.warn(E, p.id, n, label);
      if (dryRun) {
        tally.created++;
        continue;
      }
      if (!(await claimPicking(ctx, p.id))) {
        await tally.warn(E, p.id, 'claimed meanwhile by another run: left to it', label);
        continue;
      }
      crashPoint('shipments:claimed');
      let made: { id: number };
      try {
        made = await ctx.bc.createShipment(bcOrder, plan.shipment);
      } catch (err) {
        // Refused: nothing was made, the claim goes. No answer: the claim stays, and the next
        // run reads the order's shipments before anything else.
        if (err instanceof BigCommerceError && !err.outcomeUnknown) await releaseClaim(ctx, p.id);
        throw err;
      }
      await recordShipment(ctx, p.id, made.id);
      for (const item of plan.shipment.items) {
        const op = orderProducts!.find((x) => x.id === item.orderProductId);
        if (op) op.left -= item.quantity;
      }
      tally.created++;
    } catch (err) {
      if (err instanceof BigCommerceError && err.status === undefined && !err.outcomeUnknown) throw err; // store unreachable
      await tally.fail(E, p.id, err, label);
    }
  }
}

/** The claim, in one create; false when another run has it (a duplicate external id). */
async function claimPicking(ctx: ImportContext, pickingId: number): Promise<boolean> {
  try {
    await ctx.odoo.create('ir.model.data', [
      {
        module: ctx.binder.module,
        name: ctx.binder.name('shipment_claim', pickingId),
        model: 'stock.picking',
        res_id: pickingId,
        noupdate: true,
      },
    ]);
    return true;
  } catch (err) {
    const again = await ctx.odoo.search('ir.model.data', [
      ['module', '=', ctx.binder.module],
      ['name', '=', ctx.binder.name('shipment_claim', pickingId)],
    ]);
    if (again.length) return false;
    throw err;
  }
}

async function releaseClaim(ctx: ImportContext, pickingId: number): Promise<void> {
  const ids = await ctx.odoo.search('ir.model.data', [
    ['module', '=', ctx.binder.module],
    ['name', '=', ctx.binder.name('shipment_claim', pickingId)],
  ]);
  if (ids.length) await ctx.odoo.unlink('ir.model.data', ids);
}

async function recordShipment(ctx: ImportContext, pickingId: number, shipmentId: number): Promise<void> {
  await ctx.odoo.write('stock.picking', [pickingId], { x_bc_shipment_id: shipmentId });
}
