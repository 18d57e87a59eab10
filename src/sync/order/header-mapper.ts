/**
 * BigCommerce order → the values of its sale.order (the header; its lines are mapper.ts). Pure:
 * the partner, the address contacts and the pricelist come in resolved (partners.ts,
 * resolve.ts); table-tested.
 *
 * A confirmed order keeps the partner, pricelist and date it was confirmed with: a re-import
 * writes only its BigCommerce fields (x_bc_*), so the status, total and flag stay current.
 */
import { parseBcDate } from '../../bigcommerce/dates.js';
import type { BcOrder } from '../../bigcommerce/schemas.js';
import { odooDatetime } from '../../odoo/operation-log.js';
import type { PricelistLevel } from './resolve.js';

export interface HeaderInput {
  order: BcOrder;
  partnerId: number;
  /** the contacts made for the billing and the first shipping address, when they could be */
  invoiceAddressId?: number;
  deliveryAddressId?: number;
  /** undefined: an order in the company's currency, with no pricelist (resolve.ts) */
  pricelistId: number | undefined;
  level: PricelistLevel;
  /** why the order is kept as a quotation (orders.total_mismatch "quotation"), else false */
  flag: string | false;
  storeName: string;
  /** new, or still a quotation in Odoo */
  draft: boolean;
}

/** BigCommerce's date_created as an Odoo datetime (UTC): the order's date, and its invoice's. */
export function orderDate(o: BcOrder): string {
  return odooDatetime(parseBcDate(o.date_created)!);
}

export function mapOrderHeader(h: HeaderInput): Record<string, unknown> {
  const o = h.order;
  const header: Record<string, unknown> = {
    partner_id: h.partnerId,
    partner_invoice_id: h.invoiceAddressId ?? h.partnerId,
    partner_shipping_id: h.deliveryAddressId ?? h.invoiceAddressId ?? h.partnerId,
    pricelist_id: h.pricelistId ?? false,
    client_order_ref: String(o.id),
    origin: `BigCommerce ${h.storeName}`,
    date_order: orderDate(o),
    note: o.customer_message || false,
    x_bc_order_id: o.id,
    x_bc_status_id: o.status_id,
    x_bc_status: o.status ?? false,
    x_bc_payment_method: o.payment_method || false,
    x_bc_total: Number(o.total_inc_tax),
    x_bc_pricelist_level: h.level,
    x_bc_flag: h.flag,
  };
  return h.draft ? header : Object.fromEntries(Object.entries(header).filter(([k]) => k.startsWith('x_bc_')));
}
