import { describe, expect, it } from 'vitest';
import { AnnouncedIds } from './announced.js';

describe('AnnouncedIds (the backstop memory)', () => {
  it('counts the ids a poll wrote that no event announced', () => {
    const a = new AnnouncedIds();
    a.note('orders', 1, 0);
    a.note('orders', 2, 0);
    expect(a.missed('orders', ['1', '2', '3', '4'], 10)).toBe(2);
    expect(a.missed('orders', [], 10)).toBe(0);
  });

  it('compares only entities whose event ids are the records polled', () => {
    const a = new AnnouncedIds();
    expect(a.missed('refunds', ['1'], 0)).toBe(0);
    expect(a.missed('inventory', ['1'], 0)).toBe(0);
    expect(a.missed('customers', ['1'], 0)).toBe(1);
  });

  it('forgets by age and by count', () => {
    const a = new AnnouncedIds({ keepMs: 1000, maxPerEntity: 2 });
    a.note('orders', 1, 0);
    expect(a.missed('orders', ['1'], 1000)).toBe(0);
    expect(a.missed('orders', ['1'], 1001)).toBe(1);
    a.note('orders', 2, 2000);
    a.note('orders', 3, 2000);
    a.note('orders', 4, 2000);
    expect(a.missed('orders', ['2', '3', '4'], 2000)).toBe(1);
  });
});
