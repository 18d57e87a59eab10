/**
 * Odoo's and BigCommerce's amounts for an order's lines, to the cent: how Odoo rounds tax
 * (the company's tax_calculation_rounding_method: per line, Odoo's default up to 18, or per
 * tax over the whole order, 19's default; HALF-UP float_round), what the sale order will show, what BigCommerce says
 * the order comes to, and what orders.total_mismatch makes of a gap (`fitTotal`).
 * Pure; table-tested. Credit notes are totalled the same way (refund/mapper.ts).
 */
import type { BcOrder } from '../../bigcommerce/schemas.js';
import type { OrdersConfig } from '../../config/index.js';
import { DEFAULT_TAX_MODEL, type IncludedSplit, type TaxModel } from '../../odoo/tax-rounding.js';
import type { OrderLineSpec } from './mapper.js';

export type { TaxModel, TaxRounding } from '../../odoo/tax-rounding.js';

/** Odoo's amounts for a set of lines, in cents. */
export interface OdooAmounts {
  untaxed: number;
  tax: number;
  total: number;
}

/** A BigCommerce money string ("12.3400", "", undefined) as a number. */
export const num = (s: string | number | undefined | null): number => (s == null || s === '' ? 0 : Number(s));
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
export function odooLine(
  line: Pick<OrderLineSpec, 'priceUnit' | 'quantity' | 'taxRate' | 'taxIncluded'>,
  split: IncludedSplit = 'round_tax',
): OdooAmounts {
  const base = odooCents(storedPrice(line.priceUnit) * line.quantity) / 100;
  if (line.taxRate === 0) return { untaxed: cents(base), tax: 0, total: cents(base) };
  if (line.taxIncluded && split === 'round_untaxed') {
    const untaxed = odooCents(base / (1 + line.taxRate / 100));
    return { untaxed, tax: cents(base) - untaxed, total: cents(base) };
  }
  if (line.taxIncluded) {
    const tax = odooCents((base * (1 / (1 + line.taxRate / 100)) * line.taxRate) / 100);
    return { untaxed: cents(base) - tax, tax, total: cents(base) };
  }
  const tax = odooCents((base * line.taxRate) / 100);
  return { untaxed: cents(base), tax, total: cents(base) + tax };
}

/** What Odoo's sale.order will show for these lines (sale.order._compute_amounts), in cents. */
export function odooAmounts(lines: readonly OrderLineSpec[], tax: TaxModel = DEFAULT_TAX_MODEL): OdooAmounts {
  return tax.rounding === 'round_globally' ? roundedPerTax(lines) : roundedPerLine(lines, tax.includedSplit);
}

function roundedPerLine(lines: readonly OrderLineSpec[], split: IncludedSplit): OdooAmounts {
  const sum = (a: OdooAmounts, b: OdooAmounts): OdooAmounts => ({
    untaxed: a.untaxed + b.untaxed,
    tax: a.tax + b.tax,
    total: a.total + b.total,
  });
  return lines.map((l) => odooLine(l, split)).reduce(sum, { untaxed: 0, tax: 0, total: 0 });
}

/**
 * round_globally as account.tax._round_base_lines_tax_details does it (Odoo 19): each tax's
 * amount is its unrounded sum over the lines, rounded once; the untaxed amount is the rounded
 * sum of the lines' unrounded untaxed amounts, or, when every tax is price-included, the
 * rounded sum of the lines' totals less the tax.
 */
function roundedPerTax(lines: readonly OrderLineSpec[]): OdooAmounts {
  const rawTax = new Map<string, number>();
  let rawUntaxed = 0;
  let rawTotal = 0;
  for (const line of lines) {
    const amount = storedPrice(line.priceUnit) * line.quantity;
    const rate = line.taxRate / 100;
    const untaxed = line.taxIncluded && rate ? amount / (1 + rate) : amount;
    const key = JSON.stringify([line.taxRate, line.taxIncluded, line.bcTax?.name, line.bcTax?.className]);
    if (rate) rawTax.set(key, (rawTax.get(key) ?? 0) + untaxed * rate);
    rawUntaxed += untaxed;
    rawTotal += untaxed + untaxed * rate;
  }
  const tax = [...rawTax.values()].reduce((s, t) => s + odooCents(t), 0);
  const allIncluded = lines.every((l) => l.taxIncluded || l.taxRate === 0);
  if (allIncluded) {
    const total = odooCents(rawTotal);
    return { untaxed: total - tax, tax, total };
  }
  const untaxed = odooCents(rawUntaxed);
  return { untaxed, tax, total: untaxed + tax };
}

/** Odoo's amount_total for these lines, in currency units. */
export function odooTotal(lines: readonly OrderLineSpec[], tax: TaxModel = DEFAULT_TAX_MODEL): number {
  return odooAmounts(lines, tax).total / 100;
}

/** BigCommerce's amounts for the order, in cents (what Odoo must show). */
export function bcAmounts(o: BcOrder): OdooAmounts {
  const total = cents(num(o.total_inc_tax));
  const tax = o.total_tax == null ? total - cents(num(o.total_ex_tax)) : cents(num(o.total_tax));
  return { untaxed: cents(num(o.total_ex_tax)), tax, total };
}

/** An untaxed line that makes the total equal BigCommerce's, or undefined when it already does. */
export function adjustmentLine(
  o: BcOrder,
  lines: readonly OrderLineSpec[],
  tax: TaxModel = DEFAULT_TAX_MODEL,
): OrderLineSpec | undefined {
  const diff = bcAmounts(o).total - odooAmounts(lines, tax).total;
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

export function totalDifference(
  o: BcOrder,
  lines: readonly OrderLineSpec[],
  tax: TaxModel = DEFAULT_TAX_MODEL,
): number {
  return (bcAmounts(o).total - odooAmounts(lines, tax).total) / 100;
}

/** What orders.total_mismatch made of an order whose lines do not come to BigCommerce's total. */
export type TotalFit =
  | {
      ok: true;
      lines: OrderLineSpec[];
      /** why the order is kept as a quotation ("quotation" policy), else false */
      flag: string | false;
      /** what to tell the operator, when the total did not match */
      warning?: string;
    }
  | { ok: false; error: string };

/**
 * Lines whose Odoo total differs from BigCommerce's total_inc_tax: "adjust" adds an untaxed
 * line for the difference, "quotation" keeps them and flags the order (it is never confirmed),
 * "fail" refuses the order.
 */
export function fitTotal(
  o: BcOrder,
  lines: OrderLineSpec[],
  policy: OrdersConfig['totalMismatch'],
  tax: TaxModel = DEFAULT_TAX_MODEL,
): TotalFit {
  const diff = totalDifference(o, lines, tax);
  if (diff === 0) return { ok: true, lines, flag: false };
  const note = `Odoo's total would differ from BigCommerce's ${o.total_inc_tax} by ${diff.toFixed(2)} ${o.default_currency_code}`;
  if (policy === 'fail') return { ok: false, error: `total_inc_tax: ${note} (orders.total_mismatch is "fail")` };
  if (policy === 'adjust')
    return {
      ok: true,
      lines: [...lines, adjustmentLine(o, lines, tax)!],
      flag: false,
      warning: `${note}; an adjustment line was added`,
    };
  return {
    ok: true,
    lines,
    flag: note,
    warning: `${note}; kept as a quotation (orders.total_mismatch is "quotation")`,
  };
}
