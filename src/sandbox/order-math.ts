/**
 * Order arithmetic, in one place so that every serialized order, every invariant test and every
 * mutation helper agree to the cent. The identity BigCommerce's numbers satisfy and the tests
 * check is
 *
 *   subtotal_ex_tax + shipping_cost_ex_tax + handling_cost_ex_tax + wrapping_cost_ex_tax
 *     + total_tax − discount_amount − coupon_discount = total_inc_tax
 *
 * with one tax rate per order (basis points) applied per unit price, per shipping address and
 * per wrapped line, and the tax on the discounts taken back from total_tax.
 */
import { applyBp, type Cents } from './money.js';
import type { OrderLineRec, OrderRec, OrderTotals } from './model.js';

export function lineAmounts(line: OrderLineRec, bp: number) {
  const priceTax = applyBp(line.price, bp);
  const wrappingTax = applyBp(line.wrapping, bp);
  return {
    priceEx: line.price,
    priceTax,
    priceInc: line.price + priceTax,
    totalEx: line.price * line.quantity,
    totalTax: priceTax * line.quantity,
    totalInc: (line.price + priceTax) * line.quantity,
    wrappingEx: line.wrapping,
    wrappingTax,
    wrappingInc: line.wrapping + wrappingTax,
    costTax: 0,
  };
}

export function orderTotals(o: OrderRec): OrderTotals {
  const bp = o.taxRateBp;
  let subtotalEx = 0;
  let subtotalTax = 0;
  let wrappingEx = 0;
  let wrappingTax = 0;
  let itemsTotal = 0;
  let itemsShipped = 0;
  for (const l of o.lines) {
    const a = lineAmounts(l, bp);
    subtotalEx += a.totalEx;
    subtotalTax += a.totalTax;
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
    shippingEx += s.cost;
    shippingTax += applyBp(s.cost, bp);
    handlingEx += s.handling;
    handlingTax += applyBp(s.handling, bp);
  }
  const couponDiscount = o.coupons.reduce((n, c) => n + c.discount, 0);
  const discountTax = applyBp(o.discountAmount + couponDiscount, bp);
  const totalTax = subtotalTax + shippingTax + handlingTax + wrappingTax - discountTax;
  const totalInc = subtotalEx + shippingEx + handlingEx + wrappingEx + totalTax - o.discountAmount - couponDiscount;
  return {
    subtotalEx,
    subtotalInc: subtotalEx + subtotalTax,
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
