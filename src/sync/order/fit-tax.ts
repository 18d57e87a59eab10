/**
 * Odoo rounds tax per line (company default `round_per_line`), BigCommerce per line after the
 * order's discounts: the cents that rounding leaves apart are brought back by splitting a line
 * in two (or three), which moves where Odoo rounds without changing any amount or rate. Pure;
 * tested through orderLines (mapper.test.ts).
 */
import type { OrderLineSpec } from './mapper.js';
import type { IncludedSplit } from '../../odoo/tax-rounding.js';
import { cents, odooAmounts, odooLine } from './totals.js';

const MAX_SPLITS = 12;

/**
 * Brings Odoo's tax to BigCommerce's `targetTax` (cents) by splitting lines: a quantity into
 * two quantities of the same price, or a service amount (discount, shipping…) into two or three
 * amounts, each part rounded on its own. Every part keeps its price (or sums to its amount) and rate, so the untaxed amount
 * (price-excluded) or the total (price-included) stays the same; only the rounding moves, one
 * cent per split. Gives the lines back unchanged when no split closes the gap.
 */
export function fitTax(
  lines: readonly OrderLineSpec[],
  targetTax: number,
  inc: IncludedSplit = 'round_tax',
): OrderLineSpec[] {
  const model = { rounding: 'round_per_line', includedSplit: inc } as const;
  let current = [...lines];
  for (let splits = 0; splits < MAX_SPLITS; splits++) {
    const gap = targetTax - odooAmounts(current, model).tax;
    if (gap === 0) return current;
    const step = Math.sign(gap);
    const taxed = current.filter((l) => l.taxRate !== 0);
    const next = SPLITS.flatMap((split) => taxed.map((line) => ({ line, split })))
      .map(({ line, split }) => ({ line, parts: split(line, step, inc) }))
      .find((s) => s.parts !== undefined);
    if (!next) return [...lines];
    const [first, ...rest] = next.parts!;
    const named: OrderLineSpec[] = [];
    for (const p of rest) named.push({ ...p, key: partKey(p.key, [...current, ...named]) });
    current = current.flatMap((l) => (l === next.line ? [first!, ...named] : [l]));
  }
  return odooAmounts(current, model).tax === targetTax ? current : [...lines];
}

type Split = (line: OrderLineSpec, step: number, inc: IncludedSplit) => OrderLineSpec[] | undefined;

const taxCents = (parts: readonly OrderLineSpec[], inc: IncludedSplit): number =>
  parts.reduce((sum, p) => sum + odooLine(p, inc).tax, 0);

/** A product line as two quantities of the same price (what a shopper bought, in two rows). */
const splitQuantity: Split = (line, step, inc) => {
  if (line.kind !== 'product' || line.quantity < 2 || !Number.isInteger(line.quantity)) return undefined;
  const whole = odooLine(line, inc).tax;
  for (let first = line.quantity - 1; first >= 1; first--) {
    const parts = [
      { ...line, quantity: first },
      { ...line, quantity: line.quantity - first },
    ];
    if (taxCents(parts, inc) - whole === step) return parts;
  }
  return undefined;
};

/** Three quantities, when any two round alike (46.00 × 4 at 7.25 %: 3 + 1 moves a cent, 1 + 1 + 1 the next). */
const splitQuantityInThree: Split = (line, step, inc) => {
  if (line.kind !== 'product' || line.quantity < 3 || !Number.isInteger(line.quantity) || line.quantity > 200)
    return undefined;
  const whole = odooLine(line, inc).tax;
  for (let first = 1; first < line.quantity - 1; first++) {
    for (let second = 1; first + second < line.quantity; second++) {
      const parts = [first, second, line.quantity - first - second].map((quantity) => ({ ...line, quantity }));
      if (taxCents(parts, inc) - whole === step) return parts;
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

const splitAmountInTwo: Split = (line, step, inc) => {
  if (!isServiceAmount(line)) return undefined;
  const whole = odooLine(line, inc).tax;
  const amount = Math.abs(cents(line.priceUnit));
  // From the middle outwards: two near-halves read better than 0.01 + the rest.
  const half = Math.floor(amount / 2);
  for (let offset = 0; offset < Math.min(half, 5_000); offset++) {
    for (const first of offset ? [half - offset, half + offset] : [half]) {
      const parts = amountParts(line, [first, amount - first]);
      if (first > 0 && first < amount && taxCents(parts, inc) - whole === step) return parts;
    }
  }
  return undefined;
};

/** Some rates (1/6 of an included 20 %, 0.2 of an excluded one) round any two parts alike: three then. */
const splitAmountInThree: Split = (line, step, inc) => {
  if (!isServiceAmount(line)) return undefined;
  const whole = odooLine(line, inc).tax;
  const amount = Math.abs(cents(line.priceUnit));
  for (let first = 1; first < Math.min(amount, SMALL_PART); first++) {
    for (let second = 1; first + second < amount && second < SMALL_PART; second++) {
      const parts = amountParts(line, [first, second, amount - first - second]);
      if (taxCents(parts, inc) - whole === step) return parts;
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
