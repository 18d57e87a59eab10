/**
 * The tax BigCommerce applied to an amount of an order, as its order taxes resource
 * (/v2/orders/{id}/taxes?details=true) says: the rate, the name the merchant gave it and the
 * tax class it was applied for. Odoo gets one tax per (name, rate, class), named and grouped
 * the same way (`odooTaxName`, `odooTaxGroupName`). Pure; table-tested.
 */
import type { BcOrderTax } from '../../bigcommerce/schemas.js';

/** What BigCommerce calls a tax: its rate's name and the tax class it was applied for. */
export interface BcTaxName {
  name: string;
  className: string;
}

export interface BcLineTax extends BcTaxName {
  /** percent */
  rate: number;
}

export type BcTaxedAmount = 'item' | 'shipping' | 'handling' | 'gift-wrapping';

/** BigCommerce's name for tax class 0; the Odoo tax of a product in it carries no class suffix. */
export const DEFAULT_TAX_CLASS = 'Default Tax Class';

/**
 * The tax of one amount: the rows of that type (and order product). Several rates on one
 * address add up (a state and a county tax: "State Tax + County Tax", one Odoo tax at their
 * sum). Undefined when no row applies, or when the order's addresses were taxed differently
 * (two shipping addresses in two zones: the amount is one line in Odoo).
 */
export function bcTaxOf(
  taxes: readonly BcOrderTax[],
  type: BcTaxedAmount,
  orderProductId?: number,
): BcLineTax | undefined {
  const rows = taxes.filter(
    (t) =>
      (t.line_item_type ?? 'item') === type &&
      Number(t.rate) !== 0 &&
      (orderProductId === undefined || t.order_product_id === String(orderProductId)),
  );
  if (!rows.length) return undefined;
  const byAddress = new Map<number, BcOrderTax[]>();
  for (const r of rows) byAddress.set(r.order_address_id ?? 0, [...(byAddress.get(r.order_address_id ?? 0) ?? []), r]);
  const composed = [...byAddress.values()].map(compose);
  const first = composed[0]!;
  const same = composed.every((c) => c.name === first.name && c.className === first.className && c.rate === first.rate);
  return same ? first : undefined;
}

/** The rows applied to one amount at one address as one tax; each rate once (details list one row per product). */
function compose(rows: readonly BcOrderTax[]): BcLineTax {
  const distinct = new Map<string, BcOrderTax>();
  for (const r of rows) distinct.set(`${r.name}|${Number(r.rate)}`, r);
  const parts = [...distinct.values()];
  return {
    name: parts.map((p) => p.name.trim() || 'Tax').join(' + '),
    className: rows[0]!.class.trim() || DEFAULT_TAX_CLASS,
    rate: Number(parts.reduce((sum, p) => sum + Number(p.rate), 0).toFixed(4)),
  };
}

/** The Odoo tax of a rate: "Sales Tax 8.25%", "VAT 5.5% (Books)"; price-included ones end in "(incl.)". */
export function odooTaxName(rate: number, included: boolean, bc?: BcTaxName): string {
  const base = bc ? `${bc.name} ${rate}%` : `BigCommerce ${rate}%`;
  const cls = bc && bc.className !== DEFAULT_TAX_CLASS ? ` (${bc.className})` : '';
  return `${base}${cls}${included ? ' (incl.)' : ''}`;
}

/** The Odoo tax group of a rate, what an invoice's totals show: "Sales Tax 8.25%", else "Tax 8.25%". */
export function odooTaxGroupName(rate: number, bc?: BcTaxName): string {
  return bc ? `${bc.name} ${rate}%` : `Tax ${rate}%`;
}
