/**
 * What an order's BigCommerce status asks of Odoo, with one exception: BigCommerce moves an
 * order to Shipped (2) or Partially Shipped (3) by itself when `export shipments` sends it a
 * shipment. That status then says only what Odoo already knows (it delivered), nothing about
 * payment: taken from the status map (by default "confirm+invoice+paid") it would invoice and
 * mark paid an order Odoo holds as awaiting payment, and warn on each later import. So for an
 * order with a delivery exported from Odoo those two statuses ask for no more than "confirm",
 * quietly: the order keeps whatever Odoo already did (never moved back, no second invoice), and
 * a later status (Completed…) moves it on as the map says.
 */
import type { OrderAction } from '../../config/index.js';

export const SHIPPED = 2;
export const PARTIALLY_SHIPPED = 3;

export interface StatusAction {
  /** undefined: the status map has no entry for this status */
  action: OrderAction | undefined;
  /** the status is BigCommerce's echo of a shipment sent from Odoo: no "never moved back" warning */
  followsOdooShipment: boolean;
}

export function statusAction(
  statusMap: Readonly<Record<number, OrderAction>>,
  statusId: number,
  shippedFromOdoo: boolean,
): StatusAction {
  const mapped = statusMap[statusId];
  if (shippedFromOdoo && (statusId === SHIPPED || statusId === PARTIALLY_SHIPPED) && mapped !== 'cancel')
    return { action: 'confirm', followsOdooShipment: true };
  return { action: mapped, followsOdooShipment: false };
}
