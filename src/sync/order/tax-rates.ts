/**
 * The tax rate of each amount of an order, from BigCommerce's figures alone (BigCommerce sends
 * amounts with and without tax, never the rate): the rate a person set (5.5, 8.25, 20), never
 * the quotient of a rounded tax. Pure; table-tested.
 */
import type { BcOrderProduct } from '../../bigcommerce/schemas.js';
import { num } from './totals.js';

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
export function productFigures(p: BcOrderProduct): TaxFigures[] {
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

export function extraFigures(ex: string | undefined, inc: string | undefined, tax: string | undefined): TaxFigures[] {
  const taxAmount = tax !== undefined && tax !== null ? num(tax) : num(inc) - num(ex);
  return [{ ex: num(ex), tax: taxAmount, precision: precisionOf(ex, tax) }];
}
