import { describe, expect, it } from 'vitest';
import type { PaymentRow } from '../config/index.js';
import { findJournal, matchRow, type JournalRow } from './payment-rows.js';

const rows: PaymentRow[] = [
  { method: 'credit card', isDefault: false, journal: 'BNK1' },
  { method: 'paypal', isDefault: false, journal: 'PayPal' },
  { isDefault: true },
];
const journals: JournalRow[] = [
  { id: 12, name: 'Cash', code: 'CSH1', type: 'cash' },
  { id: 10, name: 'Bank', code: 'BNK1', type: 'bank' },
  { id: 11, name: 'PayPal', code: 'PAYP', type: 'bank' },
];

describe('matchRow', () => {
  it.each([
    ['Credit Card', 'credit card'],
    ['  paypal ', 'paypal'],
    ['Cash on delivery', undefined],
    [undefined, undefined],
  ])('%j → the row of %j', (method, want) => {
    expect(matchRow(rows, method).method).toBe(want);
  });
});

describe('findJournal', () => {
  it.each([
    ['BNK1', 10, 'by code'],
    ['paypal', 11, 'by name, case ignored'],
    [' csh1 ', 12, 'by code, spaces ignored'],
    [undefined, 10, 'no journal named: the first bank journal'],
    ['NOPE', undefined, 'none'],
  ])('%j → %j (%s)', (ref, want, _why) => {
    expect(findJournal(journals, ref)?.id).toBe(want);
  });
});
