/**
 * BigCommerce order → the lines of an Odoo sale order whose amount_untaxed, amount_tax and
 * amount_total each equal BigCommerce's total_ex_tax, total_tax and total_inc_tax to the cent.
 * Pure: products, taxes and partners are resolved by the importer.
 *
 * Each amount carries its real rate (derived from its own figures, preferring the order's other
 * rates, see `rateOf`), never a rate made up to hit a cent. Tax-exclusive stores get ex-tax unit
 * prices and price-excluded taxes; tax-inclusive stores (`is_tax_inclusive_pricing`) get the
 * prices shoppers saw (price_inc_tax, two decimals, where price_ex_tax often has four) and
 * price-included taxes, so Odoo's total is the sum of what shoppers paid whatever the rounding.
 *
 * Order-level discounts (coupons, manual discounts) become discount lines, one per tax rate,
 * split like BigCommerce split them over the products (`applied_discounts`). Odoo rounds tax
 * per line (company default `round_per_line`), BigCommerce per line after the discount: the
 * cents that rounding leaves apart are brought back by splitting a line in two (`fitTax`),
 * which moves where Odoo rounds without changing any amount or rate.
 */
import type { BcOrderDetails } from '../../bigcommerce/client.js';
import type { BcOrder, BcOrderProduct } from '../../bigcommerce/schemas.js';

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

/** Odoo's amounts for a set of lines, in cents. */
export interface OdooAmounts {
  untaxed: number;
  tax: number;
  total: number;
}

const num = (s: string | number | undefined | null): number => (s == null || s === '' ? 0 : Number(s));
export const cents = (n: number): number => Math.round(n * 100);

/**
 * Odoo's float_round to the cent (tools/float_utils.py, HALF-UP): half away from zero, after a
 * nudge of 2^-50 relative so that 2.675 (stored as 2.67499…) still rounds up. Returns cents.
 */
export function odooCents(value: number): number {
  const normalized = value * 100;
  if (normalized === 0) return 0;
  const nudged = normalized + Math.sign(normalized) * Math.abs(normalized) * 2 ** -50;
  return Math.sign(nudged) * Math.round(Math.abs(nudged));
}

/** sale.order.line price_unit is stored with the "Product Price" precision: two decimals. */
const storedPrice = (price: number): number => odooCents(price) / 100;

/**
 * One line as Odoo computes it with round_per_line (account.tax._get_tax_details): the base is
 * price × quantity rounded; an excluded tax is base × rate rounded; an included tax is
 * base × 1/(1 + rate) × rate rounded, and the untaxed amount what is left of the base.
 */
export function odooLine(line: Pick<OrderLineSpec, 'priceUnit' | 'quantity' | 'taxRate' | 'taxIncluded'>): OdooAmounts {
  const base = odooCents(storedPrice(line.priceUnit) * line.quantity) / 100;
  if (line.taxRate === 0) return { untaxed: cents(base), tax: 0, total: cents(base) };
  if (line.taxIncluded) {
    const tax = odooCents((base * (1 / (1 + line.taxRate / 100)) * line.taxRate) / 100);
    return { untaxed: cents(base) - tax, tax, total: cents(base) };
  }
  const tax = odooCents((base * line.taxRate) / 100);
  return { untaxed: cents(base), tax, total: cents(base) + tax };
}

/** What Odoo's sale.order will show for these lines (sale.order._compute_amounts), in cents. */
export function odooAmounts(lines: readonly OrderLineSpec[]): OdooAmounts {
  const sum = (a: OdooAmounts, b: OdooAmounts): OdooAmounts => ({
    untaxed: a.untaxed + b.untaxed,
    tax: a.tax + b.tax,
    total: a.total + b.total,
  });
  return lines.map(odooLine).reduce(sum, { untaxed: 0, tax: 0, total: 0 });
}

/** Odoo's amount_total for these lines, in currency units. */
export function odooTotal(lines: readonly OrderLineSpec[]): number {
  return odooAmounts(lines).total / 100;
}

/** BigCommerce's amounts for the order, in cents (what Odoo must show). */
export function bcAmounts(o: BcOrder): OdooAmounts {
  const total = cents(num(o.total_inc_tax));
  const tax = o.total_tax == null ? total - cents(num(o.total_ex_tax)) : cents(num(o.total_tax));
  return { untaxed: cents(num(o.total_ex_tax)), tax, total };
}

const isTaxInclusive = (o: BcOrder): boolean => o.is_tax_inclusive_pricing === true;

/**
 * Two figures of one amount: ex tax and tax, known to within `precision` (half the last digit of
 * the rounded one; the other is exact, or rounded with it so that ex + tax is exact).
 */
export interface TaxFigures {
  ex: number;
  tax: number;
  precision: number;
}

const fits = (f: TaxFigures, rate: number): boolean =>
  Math.abs((f.ex * rate) / 100 - f.tax) <= f.precision * (1 + rate / 100) + 1e-9;

/**
 * The simplest rate (fewest decimals, up to four) that every figure fits, or undefined when
 * none does. Rates are set by people (5.5, 8.25, 20): the simplest one that fits is the real
 * one, where the raw quotient (e.g. 5.2803 from a discounted tax) would be an invented one.
 * Among rates with as many decimals, a quarter (8.25) beats a twentieth (8.85) beats the rest,
 * then the one nearest the most precise figure's quotient: 2.39 of tax on 29.00 fits 8.24 as
 * well as 8.25, and stores set the latter.
 */
export function simplestRate(figures: readonly TaxFigures[]): number | undefined {
  const usable = figures.filter((f) => f.ex > 0);
  if (!usable.length || usable.every((f) => Math.abs(f.tax) <= f.precision)) return usable.length ? 0 : undefined;
  // Every figure bounds the rate; with (1 + rate) ≤ 2 the bounds below hold for any rate up to 100 %.
  const low = Math.max(...usable.map((f) => ((f.tax - 2 * f.precision) / f.ex) * 100));
  const high = Math.min(...usable.map((f) => ((f.tax + 2 * f.precision) / f.ex) * 100));
  const sharpest = usable.reduce((a, b) => (b.precision / b.ex < a.precision / a.ex ? b : a));
  const estimate = (sharpest.tax / sharpest.ex) * 100;
  for (let decimals = 0; decimals <= 4; decimals++) {
    const step = 10 ** -decimals;
    const candidates: number[] = [];
    for (let k = Math.ceil(low / step); k * step <= high && candidates.length < 200; k++) {
      const rate = Number((k * step).toFixed(decimals));
      if (rate > 0 && usable.every((f) => fits(f, rate))) candidates.push(rate);
    }
    const distance = (rate: number): number => Math.abs(rate - estimate);
    if (candidates.length)
      return candidates.sort((a, b) => roundness(b) - roundness(a) || distance(a) - distance(b))[0];
  }
  return undefined;
}

/** 2 for a quarter of a percent (8.25), 1 for a twentieth (5.55), 0 otherwise. */
function roundness(rate: number): number {
  if (Math.abs(rate * 4 - Math.round(rate * 4)) < 1e-9) return 2;
  return Math.abs(rate * 20 - Math.round(rate * 20)) < 1e-9 ? 1 : 0;
}

/**
 * The rate of one amount: among the order's known rates (an amount too small to tell 7.25 from
 * 7.3 takes the one its order uses), else the simplest rate its figures fit.
 */
export function rateOf(figures: readonly TaxFigures[], known: readonly number[]): number {
  const usable = figures.filter((f) => f.ex > 0);
  if (!usable.length || usable.every((f) => Math.abs(f.tax) <= f.precision)) return 0;
  return (
    known.find((r) => r > 0 && usable.every((f) => fits(f, r))) ??
    simplestRate(usable) ??
    Number(((usable[0]!.tax / usable[0]!.ex) * 100).toFixed(4))
  );
}

/** Half the last digit of a BigCommerce money string ("236.9667" → 0.00005); 0.005 for plain numbers. */
function precisionOf(...values: (string | number | undefined | null)[]): number {
  const decimalsOf = (v: string | number | undefined | null): number =>
    typeof v === 'string' && /\.\d+$/.test(v) ? (v.replace(/0+$/, '').split('.')[1]?.length ?? 0) : 2;
  const decimals = Math.max(2, ...values.map(decimalsOf));
  return 0.5 * 10 ** -Math.min(decimals, 4) + 1e-7;
}

/**
 * A product line's figures from before any order discount: in tax-inclusive stores line
 * total_tax is after the discount while total_ex_tax and price_tax are before it, so only the
 * unit figures and the line's inc/ex totals describe the rate.
 */
function productFigures(p: BcOrderProduct): TaxFigures[] {
  const unitTax = num(p.price_inc_tax) - num(p.price_ex_tax);
  const unit = { ex: num(p.price_ex_tax), tax: unitTax, precision: precisionOf(p.price_ex_tax, p.price_inc_tax) };
  // A line's tax may be its unit tax, rounded, times the quantity: each unit brings its own half cent.
  const perUnits = Math.max(1, p.quantity);
  const totalTax = num(p.total_inc_tax) - num(p.total_ex_tax);
  const total = {
    ex: num(p.total_ex_tax),
    tax: totalTax,
    precision: precisionOf(p.total_ex_tax, p.total_inc_tax) * perUnits,
  };
  return [unit, total];
}

function extraFigures(ex: string | undefined, inc: string | undefined, tax: string | undefined): TaxFigures[] {
  const taxAmount = tax !== undefined && tax !== null ? num(tax) : num(inc) - num(ex);
  return [{ ex: num(ex), tax: taxAmount, precision: precisionOf(ex, tax) }];
}

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
  const o = d.order;
  const included = isTaxInclusive(o);
  const known = productRates(d);
  const lines: OrderLineSpec[] = [];
  const rateByProduct = new Map<number, number>();
  for (const p of pricedProducts(d)) {
    const rate = rateOf(productFigures(p), known);
    rateByProduct.set(p.id, rate);
    lines.push({
      key: String(p.id),
      kind: 'product',
      name: productLineName(p),
      quantity: p.quantity,
      priceUnit: num(included ? p.price_inc_tax : p.price_ex_tax),
      taxRate: rate,
      taxIncluded: included,
      product: { productId: p.product_id, variantId: p.variant_id ?? null, sku: p.sku, name: p.name },
    });
  }
  // Real stores send "None" (or "") for orders shipped without a method: no "Shipping: None".
  const shippingMethods = d.shippingAddresses
    .map((s) => s.shipping_method?.trim())
    .filter((m) => m && !/^none$/i.test(m))
    .join(', ');
  const extras: [LineKind, string, string | undefined, string | undefined, string | undefined][] = [
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
  for (const [kind, name, ex, inc, tax] of extras) {
    if (cents(num(ex)) === 0 && cents(num(inc)) === 0) continue;
    const rate = rateOf(extraFigures(ex, inc, tax), known);
    const price = included ? num(inc ?? num(ex) + num(tax)) : num(ex);
    lines.push({
      key: `${o.id}-${kind}`,
      kind,
      name,
      quantity: 1,
      priceUnit: price,
      taxRate: rate,
      taxIncluded: included,
    });
  }
  d.fees.forEach((fee, i) => {
    // v2 order fees: cost_ex_tax / cost_inc_tax / cost_tax, named for the customer.
    if (cents(num(fee.cost_ex_tax)) === 0 && cents(num(fee.cost_inc_tax)) === 0) return;
    const rate = rateOf(extraFigures(fee.cost_ex_tax, fee.cost_inc_tax, fee.cost_tax), known);
    const price = included ? num(fee.cost_inc_tax ?? num(fee.cost_ex_tax) + num(fee.cost_tax)) : num(fee.cost_ex_tax);
    const name = fee.display_name_customer?.trim() || fee.display_name_merchant?.trim() || 'Fee';
    lines.push({
      key: `${o.id}-fee-${i}`,
      kind: 'fee',
      name,
      quantity: 1,
      priceUnit: price,
      taxRate: rate,
      taxIncluded: included,
    });
  });
  lines.push(...discountLines(d, lines, rateByProduct, included));
  return lines;
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

const MAX_SPLITS = 12;

/**
 * Brings Odoo's tax to BigCommerce's `targetTax` (cents) by splitting lines: a quantity into
 * two quantities of the same price, or a service amount (discount, shipping…) into two or three
 * amounts, each part rounded on its own. Every part keeps its price (or sums to its amount) and rate, so the untaxed amount
 * (price-excluded) or the total (price-included) stays the same; only the rounding moves, one
 * cent per split. Gives the lines back unchanged when no split closes the gap.
 */
export function fitTax(lines: readonly OrderLineSpec[], targetTax: number): OrderLineSpec[] {
  let current = [...lines];
  for (let splits = 0; splits < MAX_SPLITS; splits++) {
    const gap = targetTax - odooAmounts(current).tax;
    if (gap === 0) return current;
    const step = Math.sign(gap);
    const taxed = current.filter((l) => l.taxRate !== 0);
    const next = SPLITS.flatMap((split) => taxed.map((line) => ({ line, split })))
      .map(({ line, split }) => ({ line, parts: split(line, step) }))
      .find((s) => s.parts !== undefined);
    if (!next) return [...lines];
    const [first, ...rest] = next.parts!;
    const named: OrderLineSpec[] = [];
    for (const p of rest) named.push({ ...p, key: partKey(p.key, [...current, ...named]) });
    current = current.flatMap((l) => (l === next.line ? [first!, ...named] : [l]));
  }
  return odooAmounts(current).tax === targetTax ? current : [...lines];
}

type Split = (line: OrderLineSpec, step: number) => OrderLineSpec[] | undefined;

const taxCents = (parts: readonly OrderLineSpec[]): number => parts.reduce((sum, p) => sum + odooLine(p).tax, 0);

/** A product line as two quantities of the same price (what a shopper bought, in two rows). */
const splitQuantity: Split = (line, step) => {
  if (line.kind !== 'product' || line.quantity < 2 || !Number.isInteger(line.quantity)) return undefined;
  const whole = odooLine(line).tax;
  for (let first = line.quantity - 1; first >= 1; first--) {
    const parts = [
      { ...line, quantity: first },
      { ...line, quantity: line.quantity - first },
    ];
    if (taxCents(parts) - whole === step) return parts;
  }
  return undefined;
};

/** Three quantities, when any two round alike (46.00 × 4 at 7.25 %: 3 + 1 moves a cent, 1 + 1 + 1 the next). */
const splitQuantityInThree: Split = (line, step) => {
  if (line.kind !== 'product' || line.quantity < 3 || !Number.isInteger(line.quantity) || line.quantity > 200)
    return undefined;
  const whole = odooLine(line).tax;
  for (let first = 1; first < line.quantity - 1; first++) {
    for (let second = 1; first + second < line.quantity; second++) {
      const parts = [first, second, line.quantity - first - second].map((quantity) => ({ ...line, quantity }));
      if (taxCents(parts) - whole === step) return parts;
    }
  }
  return undefined;
};

/** A service amount (discount, shipping…; quantity 1) as parts of `count` amounts in cents. */
function amountParts(line: OrderLineSpec, amounts: number[]): OrderLineSpec[] {
  const sign = Math.sign(line.priceUnit);
  return amounts.map((amount) => ({ ...line, priceUnit: (sign * amount) / 100 }));
}

const isServiceAmount = (line: OrderLineSpec): boolean =>
  line.kind !== 'product' && line.quantity === 1 && Math.abs(cents(line.priceUnit)) >= 2;

const splitAmountInTwo: Split = (line, step) => {
  if (!isServiceAmount(line)) return undefined;
  const whole = odooLine(line).tax;
  const amount = Math.abs(cents(line.priceUnit));
  // From the middle outwards: two near-halves read better than 0.01 + the rest.
  const half = Math.floor(amount / 2);
  for (let offset = 0; offset < Math.min(half, 5_000); offset++) {
    for (const first of offset ? [half - offset, half + offset] : [half]) {
      const parts = amountParts(line, [first, amount - first]);
      if (first > 0 && first < amount && taxCents(parts) - whole === step) return parts;
    }
  }
  return undefined;
};

/** Some rates (1/6 of an included 20 %, 0.2 of an excluded one) round any two parts alike: three then. */
const splitAmountInThree: Split = (line, step) => {
  if (!isServiceAmount(line)) return undefined;
  const whole = odooLine(line).tax;
  const amount = Math.abs(cents(line.priceUnit));
  for (let first = 1; first < Math.min(amount, SMALL_PART); first++) {
    for (let second = 1; first + second < amount && second < SMALL_PART; second++) {
      const parts = amountParts(line, [first, second, amount - first - second]);
      if (taxCents(parts) - whole === step) return parts;
    }
  }
  return undefined;
};

/**
 * Tried in this order, each over every taxed line: a product's quantity (the rows still read as
 * what was sold), then a discount or shipping amount in two, then each in three. Every part keeps the
 * line's key until fitTax renames the others (partKey).
 */
const SPLITS: Split[] = [splitQuantity, splitAmountInTwo, splitQuantityInThree, splitAmountInThree];

/** The largest first and second parts, in cents, tried for a three-part split. */
const SMALL_PART = 150;

/** `<key>-part<n>`, the first n ≥ 2 not taken: the same order splits the same way, so a part's binder id is stable. */
function partKey(key: string, all: readonly OrderLineSpec[]): string {
  const base = key.replace(/-part\d+$/, '');
  let i = 2;
  while (all.some((l) => l.key === `${base}-part${i}`)) i++;
  return `${base}-part${i}`;
}

/** An untaxed line that makes the total equal BigCommerce's, or undefined when it already does. */
export function adjustmentLine(o: BcOrder, lines: readonly OrderLineSpec[]): OrderLineSpec | undefined {
  const diff = bcAmounts(o).total - odooAmounts(lines).total;
  if (diff === 0) return undefined;
  return {
    key: `${o.id}-adjustment`,
    kind: 'adjustment',
    name: 'Adjustment to the BigCommerce total',
    quantity: 1,
    priceUnit: diff / 100,
    taxRate: 0,
    taxIncluded: false,
  };
}

export function totalDifference(o: BcOrder, lines: readonly OrderLineSpec[]): number {
  return (bcAmounts(o).total - odooAmounts(lines).total) / 100;
}
