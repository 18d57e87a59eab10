/**
 * BigCommerce order → the lines of an Odoo sale order whose amount_untaxed, amount_tax and
 * amount_total each equal BigCommerce's total_ex_tax, total_tax and total_inc_tax to the cent.
 * Pure: products, taxes and partners are resolved by the importer. The order's own values
 * (partner, pricelist, BigCommerce fields) are header-mapper.ts; the amounts are totals.ts.
 *
 * Each amount carries its real rate, name and class as BigCommerce's order taxes resource says
 * (bc-taxes.ts); an amount it does not cover (fees, hand-built details) the rate derived from
 * its own figures, preferring the order's other rates (tax-rates.ts), never a rate made up to
 * hit a cent. Tax-exclusive stores get ex-tax unit
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
import { bcTaxOf, type BcTaxedAmount, type BcTaxName } from './bc-taxes.js';
import { fitTax } from './fit-tax.js';
import { extraFigures, productFigures, rateOf, simplestRate } from './tax-rates.js';
import { DEFAULT_TAX_MODEL, type TaxModel } from '../../odoo/tax-rounding.js';
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
  /** BigCommerce's name and class of the tax (order taxes resource); absent when it does not say */
  bcTax?: BcTaxName;
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

/**
 * The order's lines for Odoo. Rounding per line, lines are split where that brings Odoo's tax
 * to BigCommerce's cent (fit-tax.ts); rounding per tax, no split moves a cent.
 */
export function orderLines(d: BcOrderDetails, tax: TaxModel = DEFAULT_TAX_MODEL): OrderLineSpec[] {
  const lines = unfittedLines(d);
  return tax.rounding === 'round_per_line' ? fitTax(lines, bcAmounts(d.order).tax, tax.includedSplit) : lines;
}

/** The lines before any splitting for rounding. */
export function unfittedLines(d: BcOrderDetails): OrderLineSpec[] {
  const included = isTaxInclusive(d.order);
  const known = productRates(d);
  const products = productLines(d, known, included);
  const lines = [...products, ...costLines(d, known, included), ...feeLines(d, known, included)];
  const taxByProduct = new Map(products.map((l) => [Number(l.key), taxOfLine(l)])); // key: the order product id
  return [...lines, ...discountLines(d, lines, taxByProduct, included)];
}

/** A line's tax as the discount lines group it: rate, and BigCommerce's name and class when known. */
type LineTax = Pick<OrderLineSpec, 'taxRate' | 'bcTax'>;
const taxOfLine = (l: OrderLineSpec): LineTax =>
  l.bcTax ? { taxRate: l.taxRate, bcTax: l.bcTax } : { taxRate: l.taxRate };
const groupKey = (t: LineTax): string => JSON.stringify([t.taxRate, t.bcTax?.name, t.bcTax?.className]);

/** The rate BigCommerce applied to an amount, with its name and class; else the rate its figures show. */
function taxOf(d: BcOrderDetails, type: BcTaxedAmount, derived: () => number, orderProductId?: number): LineTax {
  const bc = bcTaxOf(d.taxes ?? [], type, orderProductId);
  return bc ? { taxRate: bc.rate, bcTax: { name: bc.name, className: bc.className } } : { taxRate: derived() };
}

function productLines(d: BcOrderDetails, known: readonly number[], included: boolean): OrderLineSpec[] {
  return pricedProducts(d).map((p) => ({
    key: String(p.id),
    kind: 'product',
    name: productLineName(p),
    quantity: p.quantity,
    priceUnit: num(included ? p.price_inc_tax : p.price_ex_tax),
    ...taxOf(d, 'item', () => rateOf(productFigures(p), known), p.id),
    taxIncluded: included,
    product: { productId: p.product_id, variantId: p.variant_id ?? null, sku: p.sku, name: p.name },
  }));
}

type CostKind = 'shipping' | 'handling' | 'wrapping';
const COST_TAX_TYPE: Record<CostKind, BcTaxedAmount> = {
  shipping: 'shipping',
  handling: 'handling',
  wrapping: 'gift-wrapping',
};

/** Shipping, handling and gift wrapping: one line each, when not zero. */
function costLines(d: BcOrderDetails, known: readonly number[], included: boolean): OrderLineSpec[] {
  const o = d.order;
  // Real stores send "None" (or "") for orders shipped without a method: no "Shipping: None".
  const shippingMethods = d.shippingAddresses
    .map((s) => s.shipping_method?.trim())
    .filter((m) => m && !/^none$/i.test(m))
    .join(', ');
  const costs: [CostKind, string, string | undefined, string | undefined, string | undefined][] = [
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
      ...taxOf(d, COST_TAX_TYPE[kind], () => rateOf(extraFigures(ex, inc, tax), known)),
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
  taxByProduct: Map<number, LineTax>,
  included: boolean,
): OrderLineSpec[] {
  const o = d.order;
  const discount = cents(num(o.coupon_discount) + num(o.discount_amount));
  if (discount === 0) return [];
  const label = d.couponCodes.length ? `Discount (coupon ${d.couponCodes.join(', ')})` : 'Discount';
  const byTax = new Map<string, [LineTax, number]>();
  for (const p of pricedProducts(d)) {
    const share = cents((p.applied_discounts ?? []).reduce((sum, a) => sum + num(a.amount), 0));
    if (share) addShare(byTax, taxByProduct.get(p.id) ?? { taxRate: 0 }, share);
  }
  const shared = [...byTax.values()].reduce((a, [, share]) => a + share, 0);
  const groups =
    shared === discount
      ? [...byTax.values()]
      : proportionalShares(
          lines.filter((l) => l.kind === 'product'),
          discount,
        );
  return groups
    .filter(([, share]) => share !== 0)
    .map(([tax, share], i, all) => ({
      key: `${o.id}-discount-${i}`,
      kind: 'discount' as const,
      name: all.length > 1 ? `${label} (${tax.taxRate}% tax)` : label,
      quantity: 1,
      priceUnit: -share / 100,
      ...tax,
      taxIncluded: included,
    }));
}

function addShare(byTax: Map<string, [LineTax, number]>, tax: LineTax, share: number): void {
  const key = groupKey(tax);
  byTax.set(key, [tax, (byTax.get(key)?.[1] ?? 0) + share]);
}

/** `amount` cents over the lines' taxes in proportion to their amounts; the rest on the last tax. */
function proportionalShares(products: readonly OrderLineSpec[], amount: number): [LineTax, number][] {
  const byTax = new Map<string, [LineTax, number]>();
  for (const l of products) addShare(byTax, taxOfLine(l), l.priceUnit * l.quantity);
  const base = [...byTax.values()].reduce((a, [, size]) => a + size, 0);
  if (base <= 0) return [[{ taxRate: 0 }, amount]];
  let left = amount;
  return [...byTax.values()].map(([tax, size], i, all) => {
    const share = i === all.length - 1 ? left : Math.round((amount * size) / base);
    left -= share;
    return [tax, share];
  });
}
