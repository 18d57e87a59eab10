/**
 * An order's taxes (`/v2/orders/{id}/taxes`, orders.v2.oas2.yml `orderTaxes_Base`): one row per
 * tax applied to an order product, a shipping address's shipping or handling, or a line's gift
 * wrapping, naming the tax rate (as the merchant named it in a tax zone), the tax class it was
 * applied for and the rate. `details=true` adds `order_product_id` and `line_item_type`.
 */
import { money4, type Cents } from './money.js';
import type { OrderRec } from './model.js';
import { lineAmounts, shippingAmounts } from './order-math.js';
import type { SandboxStore } from './store.js';

type Json = Record<string, unknown>;

/** Tax class 0 is not in /v2/tax_classes; BigCommerce names it so. */
const DEFAULT_CLASS = 'Default Tax Class';
const SHIPPING_CLASS = { id: 2, name: 'Shipping' };
const WRAPPING_CLASS = { id: 3, name: 'Gift Wrapping' };

/**
 * The name a merchant gave the rate in its tax zone: EU standard rates "VAT", reduced ones
 * "Reduced VAT", US rates "Sales Tax". Its id stands for the tax rate record.
 */
export function taxRateOf(bp: number): { id: number; name: string } {
  if (bp >= 1500) return { id: 1, name: 'VAT' };
  if (bp >= 1100 || [550, 700, 1000].includes(bp)) return { id: 2, name: 'Reduced VAT' };
  return { id: 3, name: 'Sales Tax' };
}

interface TaxRow {
  bp: number;
  amount: Cents;
  classId: number;
  className: string;
  addressId: number;
  productId: number | null;
  type: 'item' | 'shipping' | 'handling' | 'gift-wrapping';
}

function className(store: SandboxStore, classId: number): string {
  return classId === 0 ? DEFAULT_CLASS : (store.taxClasses.get(classId)?.name ?? DEFAULT_CLASS);
}

/** The rows before serializing: every taxed amount of the order, untaxed ones (rate 0) left out. */
function taxRows(store: SandboxStore, o: OrderRec): TaxRow[] {
  const rows: TaxRow[] = [];
  for (const l of o.lines) {
    const a = lineAmounts(l, o);
    const classId = store.products.get(l.productId)?.taxClassId ?? 0;
    const base = { bp: a.bp, addressId: l.orderAddressId };
    rows.push({
      ...base,
      amount: a.totalTaxPaid,
      classId,
      className: className(store, classId),
      productId: l.id,
      type: 'item',
    });
    if (l.wrapping)
      rows.push({
        ...base,
        amount: a.wrappingTax,
        classId: WRAPPING_CLASS.id,
        className: WRAPPING_CLASS.name,
        productId: null,
        type: 'gift-wrapping',
      });
  }
  for (const s of o.shipping) {
    const a = shippingAmounts(s, o);
    const base = {
      bp: a.bp,
      addressId: s.id,
      classId: SHIPPING_CLASS.id,
      className: SHIPPING_CLASS.name,
      productId: null,
    };
    if (s.cost) rows.push({ ...base, amount: a.costTax, type: 'shipping' });
    if (s.handling) rows.push({ ...base, amount: a.handlingTax, type: 'handling' });
  }
  return rows.filter((r) => r.bp !== 0);
}

export function orderTaxesJson(store: SandboxStore, o: OrderRec, details: boolean): Json[] {
  return taxRows(store, o).map((r, i) => {
    const rate = taxRateOf(r.bp);
    const row: Json = {
      id: o.id * 100 + i + 1,
      order_id: o.id,
      order_address_id: r.addressId,
      tax_rate_id: rate.id,
      sales_tax_id: String(rate.id),
      tax_class_id: r.classId,
      name: rate.name,
      class: r.className,
      rate: money4(r.bp),
      priority: 0,
      priority_amount: money4(r.amount),
      line_amount: money4(r.amount),
      order_pickup_method_id: 0,
    };
    // The spec types order_product_id as a string (its text says null otherwise): left out then.
    if (details)
      Object.assign(
        row,
        { line_item_type: r.type },
        r.productId === null ? {} : { order_product_id: String(r.productId) },
      );
    return row;
  });
}
