/**
 * Order arithmetic, in one place so that every serialized order, every invariant test and every
 * mutation helper agree to the cent. Each line has the order's tax rate (basis points) unless it
 * has its own (`taxBp`, e.g. a reduced rate for books); shipping and handling likewise (0 for
 * untaxed shipping). Two ways of entering prices, as BigCommerce stores have:
 *
 * Tax-exclusive (the default): tax is applied per unit price, per shipping address and per
 * wrapped line; the discounts' tax is taken back from total_tax, by rate. The identity is
 *
 *   subtotal_ex_tax + shipping_cost_ex_tax + handling_cost_ex_tax + wrapping_cost_ex_tax
 *     + total_tax − discount_amount − coupon_discount = total_inc_tax
 *
 * Tax-inclusive (`taxInclusive`, a store whose is_price_entered_with_tax): prices, costs and
 * discounts are entered with tax; ex-tax unit prices are derived with four decimals
 * (250.00 at 5.5 % → 236.9668), line totals to the cent. A line's total_ex_tax and price_tax
 * are from before the order discount, its total_tax from after it (tax on what was paid). The
 * identity is
 *
 *   subtotal_inc_tax + shipping_cost_inc_tax + handling_cost_inc_tax + wrapping_cost_inc_tax
 *     − discount_amount − coupon_discount = total_inc_tax,   total_ex_tax = total_inc_tax − total_tax
 */
import { applyBp, exFromInc, type Cents } from './money.js';
import type { OrderLineRec, OrderRec, OrderShippingRec, OrderTotals } from './model.js';

/** How an order's amounts are taxed: its rate, and whether they were entered with tax. */
export interface TaxMode {
  taxRateBp: number;
  taxInclusive?: boolean;
}

const modeOf = (mode: number | TaxMode): TaxMode => (typeof mode === 'number' ? { taxRateBp: mode } : mode);

/** The line's amounts; `totalTaxPaid` is BigCommerce's line total_tax (after the order discount when tax-inclusive). */
export function lineAmounts(line: OrderLineRec, mode: number | TaxMode) {
  const { taxRateBp, taxInclusive } = modeOf(mode);
  const bp = line.taxBp ?? taxRateBp;
  if (taxInclusive) {
    const discount = line.appliedDiscounts.reduce((n, d) => n + d.amount, 0);
    const totalInc = line.price * line.quantity;
    const totalEx = exFromInc(totalInc, bp);
    const priceEx = exFromInc(line.price, bp, 2);
    const wrappingEx = exFromInc(line.wrapping, bp);
    const paid = totalInc - discount;
    return {
      bp,
      priceEx,
      priceTax: line.price - priceEx,
      priceInc: line.price,
      totalEx,
      totalTax: totalInc - totalEx,
      totalInc,
      totalTaxPaid: paid - exFromInc(paid, bp),
      wrappingEx,
      wrappingTax: line.wrapping - wrappingEx,
      wrappingInc: line.wrapping,
      costTax: 0,
    };
  }
  const priceTax = applyBp(line.price, bp);
  const wrappingTax = applyBp(line.wrapping, bp);
  return {
    bp,
    priceEx: line.price,
    priceTax,
    priceInc: line.price + priceTax,
    totalEx: line.price * line.quantity,
    totalTax: priceTax * line.quantity,
    totalInc: (line.price + priceTax) * line.quantity,
    // tax-exclusive: the discount's tax is taken back at the order level (orderTotals)
    totalTaxPaid: priceTax * line.quantity,
    wrappingEx: line.wrapping,
    wrappingTax,
    wrappingInc: line.wrapping + wrappingTax,
    costTax: 0,
  };
}

/** One shipping address's shipping and handling, taxed at its own rate or the order's. */
export function shippingAmounts(s: OrderShippingRec, mode: number | TaxMode) {
  const { taxRateBp, taxInclusive } = modeOf(mode);
  const bp = s.taxBp ?? taxRateBp;
  const split = (amount: Cents) => {
    if (taxInclusive) {
      const ex = exFromInc(amount, bp);
      return { ex, tax: amount - ex, inc: amount };
    }
    const tax = applyBp(amount, bp);
    return { ex: amount, tax, inc: amount + tax };
  };
  const cost = split(s.cost);
  const handling = split(s.handling);
  return {
    bp,
    costEx: cost.ex,
    costTax: cost.tax,
    costInc: cost.inc,
    handlingEx: handling.ex,
    handlingTax: handling.tax,
    handlingInc: handling.inc,
  };
}

/** Tax-exclusive: the tax the discounts take back, per rate of the lines they were spread over. */
function exclusiveDiscountTax(o: OrderRec, discounts: Cents): Cents {
  if (discounts === 0) return 0;
  if (o.lines.every((l) => l.taxBp === undefined)) return applyBp(discounts, o.taxRateBp);
  const byRate = new Map<number, Cents>();
  let spread = 0;
  for (const l of o.lines) {
    const share = l.appliedDiscounts.reduce((n, d) => n + d.amount, 0);
    const bp = l.taxBp ?? o.taxRateBp;
    byRate.set(bp, (byRate.get(bp) ?? 0) + share);
    spread += share;
  }
  byRate.set(o.taxRateBp, (byRate.get(o.taxRateBp) ?? 0) + discounts - spread);
  return [...byRate].reduce((n, [bp, amount]) => n + applyBp(amount, bp), 0);
}

export function orderTotals(o: OrderRec): OrderTotals {
  let subtotalEx = 0;
  let subtotalTax = 0;
  let subtotalInc = 0;
  let taxPaid = 0;
  let wrappingEx = 0;
  let wrappingTax = 0;
  let itemsTotal = 0;
  let itemsShipped = 0;
  for (const l of o.lines) {
    const a = lineAmounts(l, o);
    subtotalEx += a.totalEx;
    subtotalTax += a.totalTax;
    subtotalInc += a.totalInc;
    taxPaid += a.totalTaxPaid;
    wrappingEx += a.wrappingEx;
    wrappingTax += a.wrappingTax;
    itemsTotal += l.quantity;
    itemsShipped += l.quantityShipped;
  }
  let shippingEx = 0;
  let shippingTax = 0;
  let handlingEx = 0;
  let handlingTax = 0;
  for (const s of o.shipping) {
    const a = shippingAmounts(s, o);
    shippingEx += a.costEx;
    shippingTax += a.costTax;
    handlingEx += a.handlingEx;
    handlingTax += a.handlingTax;
  }
  const couponDiscount = o.coupons.reduce((n, c) => n + c.discount, 0);
  const discounts = o.discountAmount + couponDiscount;
  const discountTax = o.taxInclusive ? subtotalTax - taxPaid : exclusiveDiscountTax(o, discounts);
  const totalTax = subtotalTax + shippingTax + handlingTax + wrappingTax - discountTax;
  const totalInc = o.taxInclusive
    ? subtotalInc + shippingEx + shippingTax + handlingEx + handlingTax + wrappingEx + wrappingTax - discounts
    : subtotalEx + shippingEx + handlingEx + wrappingEx + totalTax - discounts;
  return {
    subtotalEx,
    subtotalInc,
    subtotalTax,
    shippingEx,
    shippingInc: shippingEx + shippingTax,
    shippingTax,
    handlingEx,
    handlingInc: handlingEx + handlingTax,
    handlingTax,
    wrappingEx,
    wrappingInc: wrappingEx + wrappingTax,
    wrappingTax,
    discount: o.discountAmount,
    couponDiscount,
    discountTax,
    totalTax,
    totalEx: totalInc - totalTax,
    totalInc,
    itemsTotal,
    itemsShipped,
    refunded: o.refunds.reduce((n, r) => n + r.totalAmount, 0),
  };
}

/** What can still be refunded: the order total less every refund so far. */
export function refundable(o: OrderRec): Cents {
  const t = orderTotals(o);
  return t.totalInc - t.refunded;
}

/** Statuses whose orders were paid (a refund needs a captured payment). */
export const PAID_STATUSES: ReadonlySet<number> = new Set([2, 3, 4, 8, 9, 10, 11, 13, 14]);

/** payment_status as BigCommerce reports it for an order in a given state */
export function paymentStatusFor(o: OrderRec): string {
  const t = orderTotals(o);
  if (t.refunded > 0) return t.refunded >= t.totalInc ? 'refunded' : 'partially refunded';
  return o.paymentStatus;
}
