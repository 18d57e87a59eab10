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

  it('a nested tally counts apart, reports alongside the run, and logs nothing for a record BigCommerce lacks', async () => {
    const t = new Tally();
    t.created = 2;
    const customers = t.nested('customers');
    customers.created = 3;
    await customers.fail('customers', 5, new Error('refused'));
    const products = t.nested('products');
    products.updated = 1;
    await products.fail('products', 9, new RecordFailure('not_in_bigcommerce', 'product 9 does not exist'));
    const stock = products.nested('inventory');
    stock.updated = 4;
    expect(t.created).toBe(2);
    expect(t.failed).toBe(0);
    expect(products.failed, 'gone from BigCommerce: the caller decides').toBe(0);
    expect(products.failedRecords('products').get('9')?.kind).toBe('not_in_bigcommerce');
    expect(t.alongside()).toEqual([
      { entity: 'customers', created: 3, updated: 0, failed: 1, warnings: 0 },
      { entity: 'products', created: 0, updated: 1, failed: 0, warnings: 0 },
      { entity: 'inventory', created: 0, updated: 4, failed: 0, warnings: 0 },
    ]);
  });
});
