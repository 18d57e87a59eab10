/**
 * BigCommerce order → the lines of an Odoo sale order, with taxes chosen so that Odoo's
 * total (rounded per line, Odoo's default) equals BigCommerce's total_inc_tax to the cent.
 * Pure: products, taxes and partners are resolved by the importer.
 *
 * BigCommerce taxes the discounted amounts, so order-level discounts (coupons, manual
 * discounts) become discount lines that carry the tax of the lines they reduce, split by tax
 * rate in proportion to those lines. Each amount's rate is the one, among the order's own
 * rate and the line's, that reproduces BigCommerce's tax amount to the cent.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { BcOrder, BcOrderProduct } from '../../bigcommerce/schemas.js';

export type LineKind = 'product' | 'shipping' | 'handling' | 'wrapping' | 'fee' | 'discount' | 'adjustment';

export interface OrderLineSpec {
  /** binder id: the order product id for products, `<order>-<kind>[-n]` otherwise */
  key: string;
  kind: LineKind;
  name: string;
  quantity: number;
  /** tax excluded, in the order's currency */
  priceUnit: number;
  /** percent, or 0 for untaxed */
  taxRate: number;
  /** for product lines: what to match in Odoo */
  product?: { productId: number; variantId: number | null; sku: string; name: string };
}

const num = (s: string | number | undefined | null): number => (s == null || s === '' ? 0 : Number(s));
export const cents = (n: number): number => Math.round(n * 100);
const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** Odoo's tax on one line: price × quantity × rate, rounded to the cent. */
export function lineTax(priceUnit: number, quantity: number, rate: number): number {
  return round2(priceUnit * quantity * rate / 100);
}

/**
 * The rate that turns `ex` into exactly `tax`, preferring the order's overall rate (BigCommerce
 * usually has one rate per order) over one derived from the line, whose own rounding may be off.
 */
export function pickRate(ex: number, tax: number, orderRate: number): number {
  if (cents(tax) === 0) return 0;
  if (ex === 0) return orderRate;
  const candidates = [orderRate, Number((tax / ex * 100).toFixed(4)), Number((tax / ex * 100).toFixed(3)), Number((tax / ex * 100).toFixed(2))];
  return candidates.find((r) => cents(round2(ex * r / 100)) === cents(tax)) ?? Number((tax / ex * 100).toFixed(4));
}

export function orderRate(o: BcOrder): number {
  const ex = num(o.total_ex_tax);
  const tax = num(o.total_tax);
  return ex > 0 && tax > 0 ? Number((tax / ex * 100).toFixed(4)) : 0;
}

function productLineName(p: BcOrderProduct): string {
  const opts = (p.product_options ?? []).map((o) => `${o.display_name ?? o.name ?? ''}: ${o.display_value ?? o.value ?? ''}`).filter((s) => s !== ': ');
  return opts.length ? `${p.name} (${opts.join(', ')})` : p.name;
}

export function orderLines(d: BcOrderDetails): OrderLineSpec[] {
  const o = d.order;
  const rate = orderRate(o);
  const lines: OrderLineSpec[] = [];
  for (const p of d.products) {
    if (p.parent_order_product_id) continue; // bundled children are priced in their parent
    const ex = num(p.price_ex_tax);
    const r = pickRate(num(p.total_ex_tax), num(p.total_tax), rate);
    lines.push({
      key: String(p.id), kind: 'product', name: productLineName(p), quantity: p.quantity, priceUnit: ex, taxRate: r,
      product: { productId: p.product_id, variantId: p.variant_id ?? null, sku: p.sku, name: p.name },
    });
  }
  const shippingMethods = d.shippingAddresses.map((s) => s.shipping_method).filter(Boolean).join(', ');
  const extras: [LineKind, string, string | undefined, string | undefined][] = [
    ['shipping', shippingMethods ? `Shipping: ${shippingMethods}` : 'Shipping', o.shipping_cost_ex_tax, o.shipping_cost_tax],
    ['handling', 'Handling', o.handling_cost_ex_tax, o.handling_cost_tax],
    ['wrapping', 'Gift wrapping', o.wrapping_cost_ex_tax, o.wrapping_cost_tax],
  ];
  for (const [kind, name, ex, tax] of extras) {
    if (cents(num(ex)) === 0) continue;
    lines.push({ key: `${o.id}-${kind}`, kind, name, quantity: 1, priceUnit: num(ex), taxRate: pickRate(num(ex), num(tax), rate) });
  }
  d.fees.forEach((f, i) => {
    const fee = f as unknown as { display_name?: string; name?: string; total_ex_tax?: string | number; total_tax?: string | number; cost_ex_tax?: string | number };
    const ex = num(fee.total_ex_tax ?? fee.cost_ex_tax);
    if (cents(ex) === 0) return;
    lines.push({ key: `${o.id}-fee-${i}`, kind: 'fee', name: fee.display_name || fee.name || 'Fee', quantity: 1, priceUnit: ex, taxRate: pickRate(ex, num(fee.total_tax), rate) });
  });
  // Order-level discounts, split over the product lines' tax rates in proportion to their amounts.
  const discount = num(o.coupon_discount) + num(o.discount_amount);
  if (cents(discount) !== 0) {
    const label = d.couponCodes.length ? `Discount (coupon ${d.couponCodes.join(', ')})` : 'Discount';
    const byRate = new Map<number, number>();
    for (const l of lines.filter((x) => x.kind === 'product')) byRate.set(l.taxRate, (byRate.get(l.taxRate) ?? 0) + l.priceUnit * l.quantity);
    const base = [...byRate.values()].reduce((a, b) => a + b, 0);
    const groups = base > 0 ? [...byRate] : [[0, 1] as [number, number]];
    let left = cents(discount);
    groups.forEach(([r, amount], i) => {
      const share = i === groups.length - 1 ? left : Math.round(cents(discount) * amount / (base || 1));
      left -= share;
      if (share === 0) return;
      lines.push({ key: `${o.id}-discount-${i}`, kind: 'discount', name: groups.length > 1 ? `${label} (${r}% tax)` : label, quantity: 1, priceUnit: -share / 100, taxRate: r });
    });
  }
  return lines;
}

/** What Odoo will compute for these lines, rounding each line's tax as Odoo does by default. */
export function odooTotal(lines: readonly OrderLineSpec[]): number {
  return lines.reduce((s, l) => s + cents(round2(l.priceUnit * l.quantity)) + cents(lineTax(l.priceUnit, l.quantity, l.taxRate)), 0) / 100;
}

/** An untaxed line that makes the total equal BigCommerce's, or undefined when it already does. */
export function adjustmentLine(o: BcOrder, lines: readonly OrderLineSpec[]): OrderLineSpec | undefined {
  const diff = cents(num(o.total_inc_tax)) - cents(odooTotal(lines));
  if (diff === 0) return undefined;
  return { key: `${o.id}-adjustment`, kind: 'adjustment', name: 'Adjustment to the BigCommerce total', quantity: 1, priceUnit: diff / 100, taxRate: 0 };
}

export function totalDifference(o: BcOrder, lines: readonly OrderLineSpec[]): number {
  return (cents(num(o.total_inc_tax)) - cents(odooTotal(lines))) / 100;
}
