/**
 * Shipments made in BigCommerce (by the store, or the warehouse app behind it) → what Odoo must
 * deliver so that its deliveries say the same (pure; bc-shipped.ts reads and writes).
 *
 * State, not events: for each order product, BigCommerce's `quantity_shipped` minus Odoo's
 * `qty_delivered` (over its lines: a line split for rounding is several) is what is left to
 * deliver. Deliveries exported from Odoo are in both numbers,
 * and a delivery validated by an earlier run (even one killed before its fingerprint was
 * written) is in `qty_delivered`: a rerun finds nothing left and delivers nothing twice.
 *
 * The quantity goes on the line's open delivery moves: a line's own product fills its moves in
 * order; a kit's components (moves of other products than the line's) each get the same share
 * of what is left of them as the kits shipped are of the kits left. Every other open move of a
 * delivery that gets something is set to 0, so Odoo puts it in the backorder.
 */

export interface LineState {
  /** sale.order.line id */
  id: number;
  /** BigCommerce order product id (binding `order_line_<id>`) */
  orderProductId: number;
  productId: number;
  /** product_uom_qty */
  ordered: number;
  /** qty_delivered (Odoo: done outgoing moves minus returns, kits counted as kits) */
  delivered: number;
}

export interface OpenMove {
  id: number;
  pickingId: number;
  saleLineId: number;
  productId: number;
  /** product_uom_qty */
  demand: number;
}

export interface DeliveryPlan {
  /** move id → quantity to deliver, for every open move of the pickings below (0: to the backorder) */
  quantities: Map<number, number>;
  /** the pickings to validate, in id order */
  pickingIds: number[];
  /** order product id → units delivered by this plan */
  delivered: Map<number, number>;
  notes: string[];
}

const EPS = 1e-6;

/**
 * `shipped`: order product id → BigCommerce's quantity_shipped. `moves`: the order's open
 * outgoing moves to the customer (not done, not cancelled).
 */
export function planBcDeliveries(
  lines: readonly LineState[],
  shipped: ReadonlyMap<number, number>,
  moves: readonly OpenMove[],
): DeliveryPlan {
  const quantities = new Map<number, number>();
  const delivered = new Map<number, number>();
  const notes: string[] = [];
  // A line split for rounding (`order_line_<id>-part<n>`) is one order product in several lines.
  const byOrderProduct = new Map<number, LineState[]>();
  for (const l of lines) byOrderProduct.set(l.orderProductId, [...(byOrderProduct.get(l.orderProductId) ?? []), l]);
  for (const [orderProductId, group] of byOrderProduct) {
    const deliveredAlready = group.reduce((n, l) => n + l.delivered, 0);
    const want = (shipped.get(orderProductId) ?? 0) - deliveredAlready;
    if (want <= EPS) continue;
    const lineOf = new Map(group.map((l) => [l.id, l]));
    const open = moves.filter((m) => lineOf.has(m.saleLineId)).sort((a, b) => a.pickingId - b.pickingId || a.id - b.id);
    if (!open.length) continue; // nothing of it is waiting in Odoo (a service, or delivered otherwise)
    const own = open.filter((m) => m.productId === lineOf.get(m.saleLineId)!.productId);
    const components = open.filter((m) => m.productId !== lineOf.get(m.saleLineId)!.productId);
    let done = fillInOrder(own, want, quantities);
    if (components.length) {
      const kitsLeft = group.reduce((n, l) => n + l.ordered - l.delivered, 0);
      const share = kitsLeft > EPS ? Math.min(1, (want - done) / kitsLeft) : 0;
      for (const m of components) quantities.set(m.id, round(m.demand * share));
      if (share > 0) done = want;
    }
    if (done < want - EPS)
      notes.push(
        `order product ${orderProductId}: BigCommerce shipped ${round(want - done)} more than Odoo has waiting to deliver; delivered what was waiting`,
      );
    if (done > EPS) delivered.set(orderProductId, round(done));
  }
  const pickingIds = [...new Set(moves.filter((m) => (quantities.get(m.id) ?? 0) > EPS).map((m) => m.pickingId))].sort(
    (a, b) => a - b,
  );
  const inPlan = new Set(pickingIds);
  for (const m of moves) if (inPlan.has(m.pickingId) && !quantities.has(m.id)) quantities.set(m.id, 0);
  const pickingOf = new Map(moves.map((m) => [m.id, m.pickingId]));
  for (const id of [...quantities.keys()]) if (!inPlan.has(pickingOf.get(id)!)) quantities.delete(id);
  return { quantities, pickingIds, delivered, notes };
}

/** Fills the moves' demand in order with `want`; returns what they took. */
function fillInOrder(moves: readonly OpenMove[], want: number, out: Map<number, number>): number {
  let left = want;
  for (const m of moves) {
    const q = Math.min(left, m.demand);
    if (q <= EPS) break;
    out.set(m.id, round(q));
    left -= q;
  }
  return want - left;
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;

/** A BigCommerce shipment, as far as the delivery it becomes is concerned. */
export interface BcShipmentInfo {
  id: number;
  trackingNumber?: string | null | undefined;
  shippingProvider?: string | null | undefined;
  trackingCarrier?: string | null | undefined;
  shippingMethod?: string | null | undefined;
}

/**
 * What the validated delivery records of the BigCommerce shipments it stands for (the ones no
 * Odoo delivery holds yet): the newest one's id, the tracking numbers, and a line for
 * x_bc_carrier per shipment ("ups · UPS Ground · 1Z999").
 */
export function shipmentRecord(shipments: readonly BcShipmentInfo[]): {
  shipmentId: number;
  tracking: string;
  carrier: string;
} {
  const sorted = [...shipments].sort((a, b) => a.id - b.id);
  const clean = (s: string | null | undefined) => (s ?? '').trim();
  return {
    shipmentId: sorted.at(-1)?.id ?? 0,
    tracking: [...new Set(sorted.map((s) => clean(s.trackingNumber)).filter(Boolean))].join(', '),
    carrier: sorted
      .map((s) =>
        [clean(s.shippingProvider) || clean(s.trackingCarrier), clean(s.shippingMethod), clean(s.trackingNumber)]
          .filter(Boolean)
          .join(' · '),
      )
      .filter(Boolean)
      .join('\n'),
  };
}
