/**
 * A done delivery of an imported order → the BigCommerce shipment that says so, decided apart
 * from Odoo and BigCommerce (pure): the items as BigCommerce order-product ids and quantities
 * (from the picking's moves through their sale order lines' bindings `order_line_<order
 * product id>`; a kit's components count as the kit shipped as far as every component went),
 * the order's shipping address those items go to, the tracking number and the carrier mapped to
 * BigCommerce's `shipping_provider` / `tracking_carrier`, and a marker in `comments` that names
 * the delivery, by which a shipment whose answer was lost is found again (reconcile).
 */
import type { ShipmentInput } from '../../bigcommerce/write-requests.js';
import type { CarrierTarget } from '../../config/index.js';

export interface PickingMove {
  /** sale.order.line id, undefined for a move added to the picking by hand */
  saleLineId?: number;
  productId: number;
  /** done quantity (stock.move `quantity`, in the line's unit) */
  quantity: number;
}

export interface SaleLineInfo {
  /** BigCommerce order product id (binding `order_line_<id>`), undefined for lines bc-odoo did not write */
  orderProductId?: number;
  productId: number;
  /** ordered quantity */
  quantity: number;
  /** kits: component product id → its demand for the whole line (all outgoing moves of the line, not cancelled) */
  componentDemand?: ReadonlyMap<number, number>;
}

export interface OrderProductInfo {
  id: number;
  orderAddressId?: number;
  /** quantity − quantity_shipped in BigCommerce */
  left: number;
}

export interface PickingToShip {
  id: number;
  name: string;
  trackingRef?: string;
  carrier?: { name: string; deliveryType?: string };
  moves: readonly PickingMove[];
}

export type ShipmentPlan =
  | { kind: 'ship'; shipment: ShipmentInput; notes: string[] }
  /** nothing of the order in it (all quantities 0, or no line from BigCommerce) */
  | { kind: 'nothing'; reason: string }
  | { kind: 'invalid'; reason: string };

/** What the comments of a shipment made for this delivery contain. */
export function shipmentMarker(pickingName: string): string {
  return `Odoo delivery ${pickingName}`;
}

/** The BigCommerce shipment an earlier run made for this delivery (its answer lost), if any. */
export function findShipmentOf<T extends { id: number; comments?: string | null | undefined }>(
  shipments: readonly T[],
  pickingName: string,
): T | undefined {
  const marker = shipmentMarker(pickingName);
  return shipments.find((s) => (s.comments ?? '').split('\n').some((line) => line.trim() === marker));
}

/** BigCommerce's providers by Odoo delivery type (delivery.carrier `delivery_type`, the shipping connectors). */
const BY_DELIVERY_TYPE: Readonly<Record<string, CarrierTarget>> = {
  fedex: { shippingProvider: 'fedex' },
  fedex_rest: { shippingProvider: 'fedex' },
  ups: { shippingProvider: 'ups' },
  ups_rest: { shippingProvider: 'ups' },
  usps: { shippingProvider: 'usps' },
  usps_rest: { shippingProvider: 'usps' },
  dhl: { trackingCarrier: 'dhl' },
  dhl_rest: { trackingCarrier: 'dhl' },
  bpost: { trackingCarrier: 'bpost' },
  canada_post: { shippingProvider: 'canadapost' },
  auspost: { shippingProvider: 'auspost' },
  royal_mail: { shippingProvider: 'royalmail' },
};

/** The same by a word in the carrier's name ("FedEx Ground", "UPS Standard"…). */
const BY_NAME: ReadonlyArray<[RegExp, CarrierTarget]> = [
  [/\bfedex\b/i, { shippingProvider: 'fedex' }],
  [/\bups\b/i, { shippingProvider: 'ups' }],
  [/\busps\b/i, { shippingProvider: 'usps' }],
  [/\bcanada ?post\b/i, { shippingProvider: 'canadapost' }],
  [/\baus(tralia)? ?post\b/i, { shippingProvider: 'auspost' }],
  [/\broyal ?mail\b/i, { shippingProvider: 'royalmail' }],
  [/\bdhl\b/i, { trackingCarrier: 'dhl' }],
];

/**
 * What BigCommerce is told about the carrier: the configured map (by Odoo carrier name, any
 * case) first, then the carrier's delivery type, then a carrier named in its name; else
 * nothing (BigCommerce makes an Aftership link from the tracking number alone).
 */
export function carrierTarget(
  carrier: PickingToShip['carrier'],
  map: ReadonlyMap<string, CarrierTarget>,
): CarrierTarget {
  if (!carrier) return {};
  const configured = map.get(carrier.name.trim().toLowerCase());
  if (configured) return configured;
  const byType = carrier.deliveryType ? BY_DELIVERY_TYPE[carrier.deliveryType] : undefined;
  if (byType) return byType;
  return BY_NAME.find(([re]) => re.test(carrier.name))?.[1] ?? {};
}

const EPS = 1e-6;

/**
 * The shipment of one done delivery. `lines`: sale.order.line id → what its binding and the
 * line say; `orderProducts`: the order's products in BigCommerce (their address and what is
 * left to ship); `carriers`: the configured carrier map.
 */
export function planShipment(
  picking: PickingToShip,
  lines: ReadonlyMap<number, SaleLineInfo>,
  orderProducts: readonly OrderProductInfo[],
  carriers: ReadonlyMap<string, CarrierTarget>,
): ShipmentPlan {
  const notes: string[] = [];
  const qty = new Map<number, number>();
  const byLine = new Map<number, PickingMove[]>();
  for (const m of picking.moves) {
    if (m.quantity <= EPS) continue;
    if (m.saleLineId === undefined || !lines.get(m.saleLineId)?.orderProductId) {
      notes.push(`a move of product ${m.productId} belongs to no BigCommerce order line: not in the shipment`);
      continue;
    }
    byLine.set(m.saleLineId, [...(byLine.get(m.saleLineId) ?? []), m]);
  }
  for (const [lineId, moves] of byLine) {
    const line = lines.get(lineId)!;
    const shipped = lineQuantity(line, moves);
    if (typeof shipped === 'string') return { kind: 'invalid', reason: shipped };
    if (shipped <= 0) continue;
    qty.set(line.orderProductId!, (qty.get(line.orderProductId!) ?? 0) + shipped);
  }
  if (!qty.size)
    return { kind: 'nothing', reason: notes.length ? notes.join('; ') : 'no quantity of the order was delivered' };
  const byId = new Map(orderProducts.map((p) => [p.id, p]));
  const addresses = new Set<number>();
  for (const [id, q] of qty) {
    const p = byId.get(id);
    if (!p) return { kind: 'invalid', reason: `BigCommerce's order has no order product ${id}` };
    if (q > p.left + EPS)
      return {
        kind: 'invalid',
        reason: `order product ${id}: the delivery ships ${q} but BigCommerce has ${p.left} left to ship (shipped there already?)`,
      };
    if (p.orderAddressId) addresses.add(p.orderAddressId);
  }
  if (addresses.size !== 1)
    return {
      kind: 'invalid',
      reason: addresses.size
        ? `the delivery holds items of ${addresses.size} BigCommerce shipping addresses (${[...addresses].join(', ')}); split it in Odoo, one delivery per address`
        : 'BigCommerce names no shipping address for these items',
    };
  const target = carrierTarget(picking.carrier, carriers);
  const tracking = picking.trackingRef?.trim();
  const shipment: ShipmentInput = {
    orderAddressId: [...addresses][0]!,
    items: [...qty].sort((a, b) => a[0] - b[0]).map(([orderProductId, quantity]) => ({ orderProductId, quantity })),
    ...(tracking ? { trackingNumber: tracking } : {}),
    ...(target.shippingProvider !== undefined ? { shippingProvider: target.shippingProvider } : {}),
    ...(target.trackingCarrier !== undefined ? { trackingCarrier: target.trackingCarrier } : {}),
    ...(picking.carrier ? { shippingMethod: picking.carrier.name } : {}),
    comments: shipmentMarker(picking.name),
  };
  return { kind: 'ship', shipment, notes };
}

/**
 * Whole units of a line this delivery ships: its own product's done quantity, or for a kit
 * (moves of other products), the number of whole kits every component's done quantity covers.
 */
function lineQuantity(line: SaleLineInfo, moves: readonly PickingMove[]): number | string {
  const own = moves.filter((m) => m.productId === line.productId);
  const components = moves.filter((m) => m.productId !== line.productId);
  let q = own.reduce((s, m) => s + m.quantity, 0);
  if (components.length) {
    const demand = line.componentDemand;
    if (!demand?.size || line.quantity <= 0)
      return `order product ${line.orderProductId}: the delivery holds other products than the line's, and their kit is unknown`;
    let kits = Number.POSITIVE_INFINITY;
    for (const [product, total] of demand) {
      const perKit = total / line.quantity;
      const done = components.filter((m) => m.productId === product).reduce((s, m) => s + m.quantity, 0);
      kits = Math.min(kits, perKit > 0 ? Math.floor(done / perKit + EPS) : Number.POSITIVE_INFINITY);
    }
    q += Number.isFinite(kits) ? kits : 0;
  }
  if (Math.abs(q - Math.round(q)) > EPS)
    return `order product ${line.orderProductId}: ${q} units delivered; BigCommerce ships whole units`;
  return Math.round(q);
}
