/**
 * An order as it goes through the steps of a page (importer.ts): planned (it changed since
 * its last import), prepared (its references resolved, its header mapped), written (it has
 * its sale.order). Each step hands the next one only the orders that got through it; the
 * others are failed in the tally, with their BigCommerce id, as they drop out.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { OrderAction } from '../../config/index.js';
import type { Tally } from '../tally.js';
import type { OrderLineSpec } from './mapper.js';

export const E = 'orders';

export interface PlannedOrder {
  d: BcOrderDetails;
  /** the order's lines as BigCommerce has them (mapper.ts) */
  lines: OrderLineSpec[];
  /** what the status map asks for */
  action: OrderAction;
  /** the status is BigCommerce's echo of a delivery exported from Odoo (status-action.ts) */
  followsOdooShipment?: boolean;
  /** the fingerprint of its BigCommerce data, committed once the order is done */
  hash: string;
  /** its sale.order, when an earlier run imported it */
  existingId?: number;
  /** new, or still a quotation in Odoo: its partner, pricelist and lines may be written */
  draft: boolean;
}

export interface PreparedOrder extends PlannedOrder {
  /** the sale.order values (header-mapper.ts) */
  values: Record<string, unknown>;
  /** why it is kept as a quotation (orders.total_mismatch "quotation"), else false */
  flag: string | false;
  journalId: number;
  /** BigCommerce date_created as an Odoo datetime */
  dateOrder: string;
}

export interface WrittenOrder extends PreparedOrder {
  saleOrderId: number;
}

export const orderName = (d: BcOrderDetails): string => `BigCommerce order ${d.order.id}`;

/** Fails an order of the page; resolves to undefined, for steps that return what got through. */
export async function failOrder(tally: Tally, d: BcOrderDetails, err: unknown): Promise<undefined> {
  await tally.fail(E, d.order.id, err, orderName(d));
  return undefined;
}
