import { describe, expect, it } from 'vitest';
import { rateOf } from './tax-rates.js';

describe('rateOf: the real rate, never the quotient of a rounded tax', () => {
  it.each([
    [[{ ex: 236.9668, tax: 13.0332, precision: 0.0001 }], [], 5.5], // 4-decimal ex price of 250.00 with tax
    [[{ ex: 229, tax: 16.6, precision: 0.01 }], [], 7.25],
    [[{ ex: 3, tax: 0.22, precision: 0.01 }], [7.25], 7.25], // too small to tell 7.25 from 7.3: the order's rate decides
    [[{ ex: 3, tax: 0.22, precision: 0.01 }], [], 7], // alone, 0.22 on 3.00 is as much 7 % as 7.25 %: the simplest wins
    [[{ ex: 100, tax: 0, precision: 0.01 }], [7.25], 0],
    [
      [
        { ex: 16.6583, tax: 3.3317, precision: 0.0001 },
        { ex: 49.98, tax: 9.99, precision: 0.01 },
      ],
      [],
      20,
    ],
  ])('%j (order rates %j) → %d', (figures, known, want) => {
    expect(rateOf(figures, known)).toBe(want);
  });
});
