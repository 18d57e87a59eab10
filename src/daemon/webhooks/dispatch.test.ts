/**
 * Dispatch with a manual clock and a fake importer runner: bursts become one import per
 * entity with every id, held leases keep the ids, failures are retried then left to the polls.
 */
import { describe, expect, it } from 'vitest';
import type { BcWebhookEvent, EventEntity } from '../../bigcommerce/webhook-events.js';
import { silentLogger } from '../../log/logger.js';
import type { ImportOptions, ImportSummary } from '../../sync/run-import.js';
import type { LeasedRun } from '../leased-run.js';
import { AnnouncedIds } from './announced.js';
import { type Clock, type DispatchMetrics, EventDispatcher } from './dispatch.js';

class ManualClock implements Clock {
  t = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (h: unknown): void => {
    this.timers.delete(h as number);
  };
  /** Moves time on, firing the timers due, in time order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = end;
  }
}

const summary = (entity: string, n: number): ImportSummary =>
  ({ entity, instance: 'main', status: 'done', created: n, updated: 0, unchanged: 0, failed: 0 }) as ImportSummary;

function event(scope: string, data: Record<string, unknown>, hash: string, created_at = 1): BcWebhookEvent {
  return { scope, store_id: '1', data, hash, created_at, producer: 'stores/abc123' };
}
const order = (id: number, hash = `o${id}`, at = 1) => event('store/order/updated', { type: 'order', id }, hash, at);

interface Call {
  entity: EventEntity;
  opts: ImportOptions;
}

function setup(runner?: (c: Call) => Promise<LeasedRun>, enabled = ['customers', 'orders', 'refunds']) {
  const clock = new ManualClock();
  const calls: Call[] = [];
  const observed: { entity: string; seconds: number }[] = [];
  const coalesced: string[] = [];
  const metrics: DispatchMetrics = {
    coalesced: (_i, e) => coalesced.push(e),
    eventToOdoo: (_i, entity, seconds) => observed.push({ entity, seconds }),
    eventRun: () => {},
  };
  const announced = new AnnouncedIds();
  const d = new EventDispatcher({
    instance: 'main',
    enabled: new Set(enabled),
    order: ['categories', 'products', 'customers', 'orders', 'refunds', 'inventory'],
    runImport: (entity, opts) => {
      const c = { entity, opts };
      calls.push(c);
      return runner ? runner(c) : Promise.resolve({ ok: true, summary: summary(entity, 1) });
    },
    logger: silentLogger,
    metrics,
    announced,
    debounceMs: 1000,
    retryMs: 5000,
    maxAttempts: 2,
    clock,
  });
  return { d, clock, calls, observed, coalesced, announced };
}

describe('EventDispatcher', () => {
  it('20 duplicate events → one import of one id, after the debounce, with the trigger', async () => {
    const { d, clock, calls, coalesced } = setup();
    for (let i = 0; i < 20; i++) d.offer(order(250), 0);
    expect(d.pendingIds('orders')).toEqual([250]);
    clock.advance(999);
    expect(calls).toEqual([]);
    clock.advance(1);
    await d.settled();
    expect(calls).toEqual([{ entity: 'orders', opts: { ids: [250], trigger: 'webhook' } }]);
    expect(coalesced).toHaveLength(19);
    expect(d.pendingIds('orders')).toEqual([]);
  });

  it('a burst across entities: one import per entity, in dependency order; refunds by order id', async () => {
    const { d, clock, calls } = setup();
    d.offer(event('store/order/refund/created', { type: 'order', id: 250, refund: { refund_id: 3 } }, 'r'), 0);
    d.offer(order(250), 0);
    d.offer(order(251), 0);
    d.offer(event('store/customer/address/updated', { id: 9, address: { customer_id: 77 } }, 'c'), 0);
    clock.advance(1000);
    await d.settled();
    expect(calls).toEqual([
      { entity: 'customers', opts: { ids: [77], trigger: 'webhook' } },
      { entity: 'orders', opts: { ids: [250, 251], trigger: 'webhook' } },
      { entity: 'refunds', opts: { orderIds: [250], trigger: 'webhook' } },
    ]);
  });

  it('observes receipt-to-Odoo time per record from its first event', async () => {
    const { d, clock, observed } = setup();
    d.offer(order(1), 0);
    clock.advance(500);
    d.offer(order(2), clock.now());
    clock.advance(500);
    await d.settled();
    expect(observed).toEqual([
      { entity: 'orders', seconds: 1 },
      { entity: 'orders', seconds: 0.5 },
    ]);
  });

  it('ignores scopes it does not act on and entities the daemon does not run here', () => {
    const { d, announced } = setup(undefined, ['orders']);
    expect(d.offer(event('store/order/message/created', { id: 1 }, 'm'), 0)).toBe('ignored');
    expect(d.offer(event('store/product/inventory/updated', { inventory: { product_id: 5 } }, 'i'), 0)).toBe(
      'not_enabled',
    );
    expect(announced.missed('orders', ['1'], 0)).toBe(1);
    d.offer(order(1), 0);
    expect(announced.missed('orders', ['1'], 0)).toBe(0);
  });

  it('a held lease keeps the ids; they go when the scheduled run ends, with what came meanwhile', async () => {
    let held = true;
    const { d, clock, calls } = setup(async (c) =>
      held ? { ok: false, holder: 'daemon' } : { ok: true, summary: summary(c.entity, 1) },
    );
    d.offer(order(1), 0);
    clock.advance(1000);
    await d.settled();
    expect(calls).toHaveLength(1);
    expect(d.pendingIds('orders')).toEqual([1]);
    d.offer(order(2), clock.now());
    held = false;
    d.leaseFreed('orders');
    clock.advance(0);
    await d.settled();
    expect(calls.map((c) => c.opts.ids)).toEqual([[1], [1, 2]]);
    expect(d.pendingIds('orders')).toEqual([]);
  });

  it('a held lease is retried after retryMs without a leaseFreed', async () => {
    let held = true;
    const { d, clock, calls } = setup(async (c) =>
      held ? { ok: false } : { ok: true, summary: summary(c.entity, 1) },
    );
    d.offer(order(1), 0);
    clock.advance(1000);
    await d.settled();
    held = false;
    clock.advance(4999);
    await d.settled();
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await d.settled();
    expect(calls).toHaveLength(2);
    expect(d.pendingIds('orders')).toEqual([]);
  });

  it('events arriving during an import wait for the next one', async () => {
    let release!: () => void;
    const { d, clock, calls } = setup(
      (c) =>
        new Promise((resolve) => {
          release = () => resolve({ ok: true, summary: summary(c.entity, 1) });
        }),
    );
    d.offer(order(1), 0);
    clock.advance(1000);
    expect(calls).toHaveLength(1);
    d.offer(order(1, 'again', 2), clock.now());
    d.offer(order(2), clock.now());
    release();
    await d.settled();
    expect(d.pendingIds('orders')).toEqual([1, 2]);
    clock.advance(1000);
    release();
    await d.settled();
    expect(calls.map((c) => c.opts.ids)).toEqual([[1], [1, 2]]);
  });

  it('a failing import is retried, then its ids are left to the polls', async () => {
    const { d, clock, calls } = setup(async () => {
      throw new Error('Odoo down');
    });
    d.offer(order(1), 0);
    clock.advance(1000);
    await d.settled();
    expect(d.pendingIds('orders')).toEqual([1]);
    clock.advance(5000);
    await d.settled();
    expect(calls).toHaveLength(2);
    expect(d.pendingIds('orders')).toEqual([]);
    clock.advance(60_000);
    await d.settled();
    expect(calls).toHaveLength(2);
  });

  it('stop: no import after it; the running one is awaited', async () => {
    const { d, clock, calls } = setup();
    d.offer(order(1), 0);
    await d.stop();
    clock.advance(10_000);
    await d.settled();
    expect(calls).toEqual([]);
    expect(d.offer(order(2), 0)).toBe('queued');
    clock.advance(10_000);
    expect(calls).toEqual([]);
  });
});
