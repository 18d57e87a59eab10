import { describe, expect, it } from 'vitest';
import { budgetFrom } from './budget.js';

describe('budgetFrom (--budget-minutes)', () => {
  it.each([
    [undefined, Number.POSITIVE_INFINITY],
    ['', Number.POSITIVE_INFINITY],
    ['12', 12 * 60_000],
    ['0', 0],
    // .ci/run passes what is left of its budget, which is below zero after a slow suite
    ['-1', 0],
    ['1.5', 90_000],
  ])('%j minutes is %d ms', (given, ms) => expect(budgetFrom(given)).toBe(ms));

  it('refuses what is not a number, naming it', () => {
    expect(() => budgetFrom('soon')).toThrow(/--budget-minutes .*"soon"/);
  });
});
