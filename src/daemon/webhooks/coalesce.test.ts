/** Coalescing, table-tested: what a sequence of deliveries leaves pending. */
import { describe, expect, it } from 'vitest';
import type { EventEntity } from '../../bigcommerce/webhook-events.js';
import { type AddOutcome, PendingTargets } from './coalesce.js';

type Delivery = [entity: EventEntity, id: number, hash: string, createdAt: number];

const same = (n: number, d: Delivery): Delivery[] => Array.from({ length: n }, () => d);

describe('PendingTargets', () => {
  it.each<[string, Delivery[], Partial<Record<EventEntity, number[]>>, Partial<Record<AddOutcome, number>>]>([
    [
      '20 duplicate deliveries of one event',
      same(20, ['orders', 250, 'h1', 100]),
      { orders: [250] },
      { queued: 1, duplicate: 19 },
    ],
    [
      '20 distinct events for one order (a burst of updates)',
      Array.from({ length: 20 }, (_, i): Delivery => ['orders', 250, `h${i}`, 100 + i]),
      { orders: [250] },
      { queued: 1, coalesced: 19 },
    ],
    [
      'a burst across ids',
      [
        ['orders', 1, 'a', 1],
        ['orders', 2, 'b', 1],
        ['orders', 1, 'c', 2],
        ['orders', 3, 'd', 2],
        ['orders', 2, 'b', 1],
      ],
      { orders: [1, 2, 3] },
      { queued: 3, coalesced: 1, duplicate: 1 },
    ],
    [
      'one id in two entities stays two targets',
      [
        ['orders', 7, 'a', 1],
        ['customers', 7, 'b', 1],
      ],
      { orders: [7], customers: [7] },
      { queued: 2 },
    ],
    [
      'refunds keyed by order id',
      [
        ['refunds', 250, 'r1', 1],
        ['refunds', 250, 'r2', 2],
        ['orders', 250, 'o1', 1],
      ],
      { refunds: [250], orders: [250] },
      { queued: 2, coalesced: 1 },
    ],
    [
      'the same hash at another created_at is a new event (order/updated bodies carry only the id)',
      [
        ['orders', 9, 'same', 1],
        ['orders', 9, 'same', 2],
      ],
      { orders: [9] },
      { queued: 1, coalesced: 1 },
    ],
  ])('%s', (_what, deliveries, pending, outcomes) => {
    const p = new PendingTargets();
    const counts: Partial<Record<AddOutcome, number>> = {};
    for (const [entity, id, hash, createdAt] of deliveries) {
      const o = p.add({ entity, id }, { hash, createdAt }, 1000);
      counts[o] = (counts[o] ?? 0) + 1;
    }
    expect(counts).toEqual(outcomes);
    for (const [entity, ids] of Object.entries(pending)) expect(p.ids(entity as EventEntity)).toEqual(ids);
    expect(p.size()).toBe(Object.values(pending).flat().length);
  });

  it('take empties an entity; putBack keeps the earliest receipt and counts failures', () => {
    const p = new PendingTargets();
    p.add({ entity: 'orders', id: 1 }, { hash: 'a', createdAt: 1 }, 100);
    const batch = p.take('orders');
    expect(p.size()).toBe(0);
    p.add({ entity: 'orders', id: 1 }, { hash: 'b', createdAt: 2 }, 200);
    p.putBack(batch, true);
    const again = p.take('orders');
    expect(again.items.get(1)).toEqual({ firstAt: 100, attempts: 1 });
    p.putBack(again, true);
    expect(p.dropExhausted('orders', 2)).toEqual([1]);
    expect(p.size()).toBe(0);
  });

  it('orders entities by the given dependency order', () => {
    const p = new PendingTargets();
    p.add({ entity: 'refunds', id: 1 }, { hash: 'a', createdAt: 1 }, 0);
    p.add({ entity: 'customers', id: 1 }, { hash: 'b', createdAt: 1 }, 0);
    p.add({ entity: 'orders', id: 1 }, { hash: 'c', createdAt: 1 }, 0);
    expect(p.entities(['categories', 'customers', 'orders', 'refunds'])).toEqual(['customers', 'orders', 'refunds']);
  });

  it('forgets delivery keys by age and count (bounded memory)', () => {
    const p = new PendingTargets({ maxSeen: 2, seenMs: 1000 });
    p.add({ entity: 'orders', id: 1 }, { hash: 'a', createdAt: 1 }, 0);
    p.take('orders');
    // past seenMs: the same delivery is no longer known as a duplicate
    expect(p.add({ entity: 'orders', id: 1 }, { hash: 'a', createdAt: 1 }, 5000)).toBe('queued');
    p.add({ entity: 'orders', id: 2 }, { hash: 'b', createdAt: 1 }, 5000);
    p.add({ entity: 'orders', id: 3 }, { hash: 'c', createdAt: 1 }, 5000);
    p.take('orders');
    // only the 2 newest keys are kept
    expect(p.add({ entity: 'orders', id: 1 }, { hash: 'a', createdAt: 1 }, 5000)).toBe('queued');
    expect(p.add({ entity: 'orders', id: 3 }, { hash: 'c', createdAt: 1 }, 5000)).toBe('duplicate');
  });
});
