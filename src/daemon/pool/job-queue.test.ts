/**
 * JobQueue on a real PostgreSQL (pg-boss 10): a schedule time queued by several members is one
 * job; a stream runs one job at a time; a job whose member stopped renewing it is failed by
 * timeout and taken by another; renewing keeps it; a split plan survives the job's retries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { throwawayDatabase, type ThrowawayDatabase } from '../../../test/support/pg-database.js';
import type { QueueConfig } from '../../config/index.js';
import { silentLogger } from '../../log/logger.js';
import { JobQueue } from './job-queue.js';
import { occurrenceJobId } from './streams.js';

let db: ThrowawayDatabase;
const open: JobQueue[] = [];

function cfg(over: Partial<QueueConfig> = {}): QueueConfig {
  return { url: db.url, concurrency: 1, heartbeatSeconds: 5, retryLimit: 3, retryDelaySeconds: 1, ...over };
}

async function member(over: Partial<QueueConfig> = {}): Promise<JobQueue> {
  const q = await JobQueue.open(cfg(over), silentLogger);
  open.push(q);
  return q;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  db = await throwawayDatabase('bcodoo_jobq');
}, 60_000);
afterAll(async () => {
  for (const q of open) await q.stop();
  await db?.drop();
});

describe('JobQueue', () => {
  it('members starting together make one queue; a schedule time queued by each is one job', async () => {
    const [a, b, c] = await Promise.all([member(), member(), member()]);
    await Promise.all([a!, b!, c!].map((q) => q.ensureQueue('bc-odoo.t.orders', 'stately')));
    const id = occurrenceJobId('bc-odoo.t.orders', new Date('2026-12-02T10:05:00Z'));
    const put = await Promise.all([a!, b!, c!].map((q) => q.put('bc-odoo.t.orders', id, { at: 'x' })));
    expect(put.filter(Boolean)).toHaveLength(1);
    const job = await a!.take('bc-odoo.t.orders');
    expect(job?.id).toBe(id);
    expect(await b!.take('bc-odoo.t.orders')).toBeUndefined();
    await a!.complete(job!);
    // Done is done: the same schedule time is not queued again.
    expect(await c!.put('bc-odoo.t.orders', id, {})).toBe(false);
  });

  it('runs one job of a stream at a time, and keeps at most one waiting', async () => {
    const q = await member();
    await q.ensureQueue('bc-odoo.t.products', 'stately');
    expect(await q.put('bc-odoo.t.products', occurrenceJobId('p', new Date(1)), {})).toBe(true);
    const running = await q.take('bc-odoo.t.products');
    expect(running).toBeDefined();
    expect(await q.put('bc-odoo.t.products', occurrenceJobId('p', new Date(2)), {})).toBe(true);
    expect(await q.put('bc-odoo.t.products', occurrenceJobId('p', new Date(3)), {})).toBe(false);
    expect(await q.busyQueues(['bc-odoo.t.products', 'bc-odoo.t.other'])).toEqual(new Set(['bc-odoo.t.products']));
    expect(await q.take('bc-odoo.t.products')).toBeUndefined();
    await q.complete(running!);
    const next = await q.take('bc-odoo.t.products');
    expect(next?.id).toBe(occurrenceJobId('p', new Date(2)));
    await q.complete(next!);
    expect(await q.busyQueues(['bc-odoo.t.products'])).toEqual(new Set());
  });

  it('a job its member stopped renewing is retried elsewhere; a renewed one is not', async () => {
    const dead = await member();
    const alive = await member();
    await dead.ensureQueue('bc-odoo.t.customers', 'stately');
    await dead.ensureQueue('bc-odoo.t.brands', 'stately');
    await dead.put('bc-odoo.t.customers', occurrenceJobId('c', new Date(1)), {});
    await alive.put('bc-odoo.t.brands', occurrenceJobId('b', new Date(1)), {});
    const lost = await dead.take('bc-odoo.t.customers');
    const kept = await alive.take('bc-odoo.t.brands');
    expect(lost && kept).toBeTruthy();
    // 5 s heartbeat: the live member renews its job, the dead one does not.
    const deadline = Date.now() + 30_000;
    let retried: Awaited<ReturnType<JobQueue['take']>>;
    while (!retried && Date.now() < deadline) {
      await alive.renew(kept!);
      await sleep(1_000);
      retried = await alive.take('bc-odoo.t.customers');
    }
    expect(retried?.id).toBe(lost!.id);
    expect(retried?.retryCount).toBe(1);
    expect(await alive.statesOf('bc-odoo.t.brands', [kept!.id])).toEqual({ active: 1 });
    await alive.complete(kept!);
    await alive.complete(retried!);
  }, 60_000);

  it('a failed job is retried until its limit, then left failed', async () => {
    const q = await member({ retryLimit: 1, retryDelaySeconds: 1 });
    await q.ensureQueue('bc-odoo.t.refunds', 'stately');
    const id = occurrenceJobId('r', new Date(1));
    await q.put('bc-odoo.t.refunds', id, {});
    let attempts = 0;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const job = await q.take('bc-odoo.t.refunds');
      if (job) {
        attempts++;
        await q.fail(job, 'Odoo said no');
      } else if ((await q.statesOf('bc-odoo.t.refunds', [id])).failed) break;
      await sleep(300);
    }
    expect(attempts).toBe(2);
    expect(await q.statesOf('bc-odoo.t.refunds', [id, occurrenceJobId('r', new Date(9))])).toEqual({
      failed: 1,
      missing: 1,
    });
  }, 60_000);

  it("a split plan is the first attempt's for every retry of the job", async () => {
    const q = await member();
    const first = await q.rememberPlan('00000000-0000-5000-8000-000000000001', new Date('2026-12-02T10:00:00Z'), [
      { min: 1, max: 5 },
    ]);
    const again = await q.rememberPlan('00000000-0000-5000-8000-000000000001', new Date('2026-12-02T11:00:00Z'), [
      { min: 1, max: 9 },
    ]);
    expect(again).toEqual(first);
    expect(first.plannedAt.toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });
});
