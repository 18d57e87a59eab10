/**
 * Money is held in integer cents so that order totals add up to the cent after any number of
 * mutations; it becomes BigCommerce's representations only when serialized (v2: strings with
 * four decimals, v3: numbers with two).
 */
export type Cents = number;

/** v2 money: `"25.0000"`; fractions of a cent (ex-tax prices of tax-inclusive stores) keep their two extra decimals: `"236.9668"` */
export function money4(c: Cents): string {
  const hundredths = Math.round(c * 100);
  const neg = hundredths < 0;
  const abs = Math.abs(hundredths);
  const s = `${Math.floor(abs / 10000)}.${String(abs % 10000).padStart(4, '0')}`;
  return neg ? `-${s}` : s;
}

/** v3 money: `25.5` (a JSON number with at most two decimals) */
export function money2(c: Cents): number {
  return Math.round(c) / 100;
}

/** cents × basis points, rounded half away from zero (how tax on a line is rounded) */
export function applyBp(c: Cents, bp: number): Cents {
  const v = (c * bp) / 10000;
  return Math.sign(v) * Math.round(Math.abs(v));
}

/** parses "12.34", "12.3400" or 12.34 into cents */
export function toCents(v: string | number): Cents {
  const n = typeof v === 'number' ? v : Number.parseFloat(v);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(v)}`);
  return Math.round(n * 100);
}

/** an exchange rate as BigCommerce writes it: `"1.0000000000"` */
export function rate10(r: number): string {
  return r.toFixed(10);
}

/** the ex-tax part of a tax-included amount, in cents rounded to `decimals` places of a cent (0: whole cents) */
export function exFromInc(inc: Cents, bp: number, decimals = 0): Cents {
  const scale = 10 ** decimals;
  const v = (inc * 10000 * scale) / (10000 + bp);
  return (Math.sign(v) * Math.round(Math.abs(v))) / scale;
}
