/**
 * What a customer pays for a BigCommerce variant, and how to make Odoo charge exactly that.
 *
 * Odoo prices a variant as template price + the price extras of its attribute values (per
 * template). When BigCommerce's variant prices fit that shape exactly — to the cent — we use
 * it: the price holds everywhere in Odoo (website, quotations, any pricelist based on the
 * sales price). When they do not (a variant priced on its own), the template keeps the
 * product's price and each such variant gets a fixed-price item in the store's pricelist,
 * which quotations and the website use for that store's customers. Pure; table-tested.
 */
import type { BcProduct, BcVariant } from '../../bigcommerce/schemas.js';

const cents = (n: number): number => Math.round(n * 100);

/** The storefront price: BigCommerce's calculated price, else sale price when set, else price. */
export function productPrice(p: BcProduct): number {
  if (typeof p.calculated_price === 'number') return p.calculated_price;
  return p.sale_price && p.sale_price > 0 ? p.sale_price : p.price;
}

export function variantPrice(v: BcVariant, p: BcProduct): number {
  if (typeof v.calculated_price === 'number') return v.calculated_price;
  if (v.sale_price != null && v.sale_price > 0) return v.sale_price;
  if (v.price != null) return v.price;
  return productPrice(p);
}

export type PriceLayout =
  | { kind: 'additive'; base: number; extras: Map<number, number> }
  | { kind: 'pricelist'; base: number; fixed: Map<number, number> };

/**
 * Solves base + Σ extra(value) = price(variant) over the variants' option values, base fixed
 * to the product price. Gaussian elimination in cents; free unknowns are 0; the rounded
 * solution is then checked exactly, so a layout is only "additive" when every variant's
 * Odoo price equals BigCommerce's to the cent.
 */
export function layoutPrices(p: BcProduct, variants: readonly BcVariant[]): PriceLayout {
  const base = productPrice(p);
  const withOptions = variants.filter((v) => v.option_values.length > 0);
  if (!withOptions.length) return { kind: 'additive', base, extras: new Map() };
  const valueIds = [...new Set(withOptions.flatMap((v) => v.option_values.map((o) => o.id)))];
  const col = new Map(valueIds.map((id, i) => [id, i]));
  const rows = withOptions.map((v) => {
    const row = new Array<number>(valueIds.length + 1).fill(0);
    for (const o of v.option_values) row[col.get(o.id)!] = 1;
    row[valueIds.length] = cents(variantPrice(v, p)) - cents(base);
    return row;
  });
  const solution = solve(rows, valueIds.length);
  const extras = new Map(valueIds.map((id, i) => [id, solution[i]!]));
  const exact = withOptions.every(
    (v) => cents(base) + v.option_values.reduce((s, o) => s + extras.get(o.id)!, 0) === cents(variantPrice(v, p)),
  );
  if (exact) return { kind: 'additive', base, extras: new Map([...extras].map(([k, c]) => [k, c / 100])) };
  return { kind: 'pricelist', base, fixed: new Map(withOptions.map((v) => [v.id, variantPrice(v, p)])) };
}

/** Reduced row echelon form; returns integer-rounded values (free variables 0). */
function solve(m: number[][], n: number): number[] {
  const a = m.map((r) => [...r]);
  const pivots: number[] = [];
  let row = 0;
  for (let c = 0; c < n && row < a.length; c++) {
    let best = row;
    for (let r = row + 1; r < a.length; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[best]![c]!)) best = r;
    if (Math.abs(a[best]![c]!) < 1e-9) continue;
    [a[row], a[best]] = [a[best]!, a[row]!];
    const pv = a[row]![c]!;
    for (let k = c; k <= n; k++) a[row]![k]! /= pv;
    for (let r = 0; r < a.length; r++) {
      if (r === row) continue;
      const f = a[r]![c]!;
      if (Math.abs(f) < 1e-12) continue;
      for (let k = c; k <= n; k++) a[r]![k]! -= f * a[row]![k]!;
    }
    pivots.push(c);
    row++;
  }
  const x = new Array<number>(n).fill(0);
  pivots.forEach((c, r) => {
    x[c] = Math.round(a[r]![n]!);
  });
  return x;
}
