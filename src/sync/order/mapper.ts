/**
 * BigCommerce order → the lines of an Odoo sale order whose amount_untaxed, amount_tax and
 * amount_total each equal BigCommerce's total_ex_tax, total_tax and total_inc_tax to the cent.
 * Pure: products, taxes and partners are resolved by the importer. The order's own values
 * (partner, pricelist, BigCommerce fields) are header-mapper.ts; the amounts are totals.ts.
 *
 * Each amount carries its real rate (derived from its own figures, preferring the order's other
 * rates: tax-rates.ts), never a rate made up to hit a cent. Tax-exclusive stores get ex-tax unit
 * prices and price-excluded taxes; tax-inclusive stores (`is_tax_inclusive_pricing`) get the
 * prices shoppers saw (price_inc_tax, two decimals, where price_ex_tax often has four) and
 * price-included taxes, so Odoo's total is the sum of what shoppers paid whatever the rounding.
 *
 * Order-level discounts (coupons, manual discounts) become discount lines, one per tax rate,
 * split like BigCommerce split them over the products (`applied_discounts`). Odoo rounds tax
 * per line (company default `round_per_line`), BigCommerce per line after the discount: the
 * cents that rounding leaves apart are brought back by splitting a line in two (fit-tax.ts),
 * which moves where Odoo rounds without changing any amount or rate.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { BcOrder, BcOrderProduct } from '../../bigcommerce/schemas.js';
import { fitTax } from './fit-tax.js';
import { extraFigures, productFigures, rateOf, simplestRate } from './tax-rates.js';
import { bcAmounts, cents, num } from './totals.js';

export type LineKind = 'product' | 'shipping' | 'handling' | 'wrapping' | 'fee' | 'discount' | 'adjustment';

export interface OrderLineSpec {
  /** binder id: the order product id for products, `<order>-<kind>[-n]` otherwise; `<key>-part<n>` for split lines */
  key: string;
  kind: LineKind;
  name: string;
  quantity: number;
  /** in the order's currency: tax included when `taxIncluded`, else tax excluded */
  priceUnit: number;
  /** percent, or 0 for untaxed */
  taxRate: number;
  /** the tax is price-included (tax-inclusive stores) */
  taxIncluded: boolean;
  /** for product lines: what to match in Odoo */
  product?: { productId: number; variantId: number | null; sku: string; name: string };
}

const isTaxInclusive = (o: BcOrder): boolean => o.is_tax_inclusive_pricing === true;

function productLineName(p: BcOrderProduct): string {
  const opts = (p.product_options ?? [])
    .map((o) => `${o.display_name ?? o.name ?? ''}: ${o.display_value ?? o.value ?? ''}`)
    .filter((s) => s !== ': ');
  return opts.length ? `${p.name} (${opts.join(', ')})` : p.name;
}

/** Bundled children are priced in their parent. */
const pricedProducts = (d: BcOrderDetails): BcOrderProduct[] => d.products.filter((p) => !p.parent_order_product_id);

/** The order's product rates, biggest line first: what small amounts (shipping, 3.00 of handling) are checked against first. */
export function productRates(d: BcOrderDetails): number[] {
  const sized = pricedProducts(d).map((p) => ({ size: num(p.total_ex_tax), rate: simplestRate(productFigures(p)) }));
  return [
    ...new Set(
      sized
        .sort((a, b) => b.size - a.size)
        .map((s) => s.rate)
        .filter((r): r is number => r !== undefined && r > 0),
    ),
  ];
}

export function orderLines(d: BcOrderDetails): OrderLineSpec[] {
  return fitTax(unfittedLines(d), bcAmounts(d.order).tax);
}

/** The lines before any splitting for rounding. */
export function unfittedLines(d: BcOrderDetails): OrderLineSpec[] {
  const included = isTaxInclusive(d.order);
  const known = productRates(d);
  const products = productLines(d, known, included);
  const lines = [...products, ...costLines(d, known, included), ...feeLines(d, known, included)];
  const rateByProduct = new Map(products.map((l) => [Number(l.key), l.taxRate])); // key: the order product id
  return [...lines, ...discountLines(d, lines, rateByProduct, included)];
}

function productLines(d: BcOrderDetails, known: readonly number[], included: boolean): OrderLineSpec[] {
  return pricedProducts(d).map((p) => ({
    key: String(p.id),
    kind: 'product',
    name: productLineName(p),
    quantity: p.quantity,
    priceUnit: num(included ? p.price_inc_tax : p.price_ex_tax),
    taxRate: rateOf(productFigures(p), known),
    taxIncluded: included,
    product: { productId: p.product_id, variantId: p.variant_id ?? null, sku: p.sku, name: p.name },
  }));
}

/** Shipping, handling and gift wrapping: one line each, when not zero. */
function costLines(d: BcOrderDetails, known: readonly number[], included: boolean): OrderLineSpec[] {
  const o = d.order;
  // Real stores send "None" (or "") for orders shipped without a method: no "Shipping: None".
  const shippingMethods = d.shippingAddresses
    .map((s) => s.shipping_method?.trim())
    .filter((m) => m && !/^none$/i.test(m))
    .join(', ');
  const costs: [LineKind, string, string | undefined, string | undefined, string | undefined][] = [
    [
      'shipping',
      shippingMethods ? `Shipping: ${shippingMethods}` : 'Shipping',
      o.shipping_cost_ex_tax,
      o.shipping_cost_inc_tax,
      o.shipping_cost_tax,
    ],
    ['handling', 'Handling', o.handling_cost_ex_tax, o.handling_cost_inc_tax, o.handling_cost_tax],
    ['wrapping', 'Gift wrapping', o.wrapping_cost_ex_tax, o.wrapping_cost_inc_tax, o.wrapping_cost_tax],
  ];
  return costs
    .filter(([, , ex, inc]) => cents(num(ex)) !== 0 || cents(num(inc)) !== 0)
    .map(([kind, name, ex, inc, tax]) => ({
      key: `${o.id}-${kind}`,
      kind,
      name,
      quantity: 1,
      priceUnit: included ? num(inc ?? num(ex) + num(tax)) : num(ex),
      taxRate: rateOf(extraFigures(ex, inc, tax), known),
      taxIncluded: included,
    }));
}

/** v2 order fees (cost_ex_tax / cost_inc_tax / cost_tax), named for the customer; zero ones left out. */
function feeLines(d: BcOrderDetails, known: readonly number[], included: boolean): OrderLineSpec[] {
  return d.fees.flatMap((fee, i) => {
    if (cents(num(fee.cost_ex_tax)) === 0 && cents(num(fee.cost_inc_tax)) === 0) return [];
    return [
      {
        key: `${d.order.id}-fee-${i}`,
        kind: 'fee' as const,
        name: fee.display_name_customer?.trim() || fee.display_name_merchant?.trim() || 'Fee',
        quantity: 1,
        priceUnit: included ? num(fee.cost_inc_tax ?? num(fee.cost_ex_tax) + num(fee.cost_tax)) : num(fee.cost_ex_tax),
        taxRate: rateOf(extraFigures(fee.cost_ex_tax, fee.cost_inc_tax, fee.cost_tax), known),
        taxIncluded: included,
      },
    ];
  });
}

/**
 * Order-level discounts, one line per tax rate. BigCommerce spreads them over the products
 * (`applied_discounts`, in the same tax basis as the prices): each product's share is taxed at
 * its rate. Without those shares, the discount is spread in proportion to the lines' amounts.
 */
function discountLines(
  d: BcOrderDetails,
  lines: readonly OrderLineSpec[],
  rateByProduct: Map<number, number>,
  included: boolean,
): OrderLineSpec[] {
  const o = d.order;
  const discount = cents(num(o.coupon_discount) + num(o.discount_amount));
  if (discount === 0) return [];
  const label = d.couponCodes.length ? `Discount (coupon ${d.couponCodes.join(', ')})` : 'Discount';
  const byRate = new Map<number, number>();
  for (const p of pricedProducts(d)) {
    const share = cents((p.applied_discounts ?? []).reduce((sum, a) => sum + num(a.amount), 0));
    const rate = rateByProduct.get(p.id) ?? 0;
    if (share) byRate.set(rate, (byRate.get(rate) ?? 0) + share);
  }
  const shared = [...byRate.values()].reduce((a, b) => a + b, 0);
  const groups =
    shared === discount
      ? [...byRate]
      : proportionalShares(
          lines.filter((l) => l.kind === 'product'),
          discount,
        );
  return groups
    .filter(([, share]) => share !== 0)
    .map(([rate, share], i, all) => ({
      key: `${o.id}-discount-${i}`,
      kind: 'discount' as const,
      name: all.length > 1 ? `${label} (${rate}% tax)` : label,
      quantity: 1,
      priceUnit: -share / 100,
      taxRate: rate,
      taxIncluded: included,
    }));
}

/** `amount` cents over the lines' tax rates in proportion to their amounts; the rest on the last rate. */
function proportionalShares(products: readonly OrderLineSpec[], amount: number): [number, number][] {
  const byRate = new Map<number, number>();
  for (const l of products) byRate.set(l.taxRate, (byRate.get(l.taxRate) ?? 0) + l.priceUnit * l.quantity);
  const base = [...byRate.values()].reduce((a, b) => a + b, 0);
  if (base <= 0) return [[0, amount]];
  let left = amount;
  return [...byRate].map(([rate, size], i, all) => {
    const share = i === all.length - 1 ? left : Math.round((amount * size) / base);
    left -= share;
    return [rate, share];
  });
}
