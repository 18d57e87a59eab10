import { describe, expect, it } from 'vitest';
import { RecordFailure } from './failure.js';
import { Tally } from './tally.js';

describe('Tally', () => {
  it('counts a record once per run, but failedSince still sees a repeat failure after the mark', async () => {
    const t = new Tally();
    await t.fail('orders', 7, new RecordFailure('invalid_record', 'unreadable'));
    const mark = t.mark();
    await t.fail('orders', 7, new RecordFailure('workflow_step', 'invoice: refused'));
    await t.fail('orders', 8, new Error('x'));
    await t.fail('customers', 9, new Error('y'));
    expect(t.failed).toBe(3);
    expect(t.failures.map((f) => f.bcId)).toEqual(['7', '8', '9']);
    expect(t.failedSince('orders', mark)).toEqual(new Set(['7', '8']));
    expect(t.failedRecords('orders').get('7')).toEqual({ kind: 'workflow_step', message: 'invoice: refused' });
  });

  it('keeps every failed id as data beyond the report cap', async () => {
    const t = new Tally();
    for (let id = 1; id <= 600; id++) await t.fail('products', id, new Error(`bad ${id}`));
    expect(t.failures).toHaveLength(500);
    expect(t.failedRecords('products').size).toBe(600);
  });
});
