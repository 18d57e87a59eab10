/**
 * ScheduleClocks with fake timers and a queue that keeps the first job per id (as pg-boss
 * does): members started apart queue each schedule time once; a time far ahead (a monthly
 * cron) is not fired early by an overflowing timer.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../log/logger.js';
import type { Shared } from '../shared.js';
import { ScheduleClocks, type Stream } from './clocks.js';
import type { JobQueue } from './job-queue.js';

function fakeQueue() {
  const jobs = new Map<string, { at: string }>();
  const queue = {
    put: async (_q: string, id: string, data: { at: string }) => {
      if (jobs.has(id)) return false;
      jobs.set(id, data);
      return true;
    },
  } as unknown as JobQueue;
  return { queue, jobs };
}

const shared = {
  stopping: () => false,
  metrics: { poolScheduleFired: () => undefined },
} as unknown as Shared;

function stream(schedule: Stream['job']['plan']['schedule']): Stream {
  return {
    queue: 'bc-odoo.main.orders',
    worker: { inst: { name: 'main' } },
    job: { entity: 'orders', plan: { enabled: true, schedule } },
  } as unknown as Stream;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-02T10:01:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ScheduleClocks', () => {
  it('members started minutes apart queue each schedule time once', async () => {
    const { queue, jobs } = fakeQueue();
    const st = stream({ kind: 'every', ms: 300_000, text: '5m' });
    const a = new ScheduleClocks(shared, queue, silentLogger, () => undefined);
    a.start(st);
    await vi.advanceTimersByTimeAsync(180_000);
    const b = new ScheduleClocks(shared, queue, silentLogger, () => undefined);
    b.start(st);
    await vi.advanceTimersByTimeAsync(900_000);
    a.stop();
    b.stop();
    expect([...jobs.values()].map((j) => j.at)).toEqual([
      '2026-12-02T10:00:00.000Z',
      '2026-12-02T10:05:00.000Z',
      '2026-12-02T10:10:00.000Z',
      '2026-12-02T10:15:00.000Z',
    ]);
  });

  it('a monthly cron waits for its time across several timer spans; a time a day old is left to the next', async () => {
    const { queue, jobs } = fakeQueue();
    const clocks = new ScheduleClocks(shared, queue, silentLogger, () => undefined);
    // Cron times are local (TZ): the 1st of the month at midnight, here.
    clocks.start(stream({ kind: 'cron', pattern: '0 0 1 * *' }));
    await vi.advanceTimersByTimeAsync(29 * 86_400_000);
    expect(jobs.size).toBe(0);
    await vi.advanceTimersByTimeAsync(2 * 86_400_000);
    clocks.stop();
    expect([...jobs.values()].map((j) => j.at)).toEqual([new Date(2027, 0, 1).toISOString()]);
  });

  it('a member starting soon after a schedule time queues it (catching up once)', async () => {
    const { queue, jobs } = fakeQueue();
    const clocks = new ScheduleClocks(shared, queue, silentLogger, () => undefined);
    clocks.start(stream({ kind: 'cron', pattern: '0 * * * *' }));
    await vi.advanceTimersByTimeAsync(1_000);
    clocks.stop();
    expect([...jobs.values()].map((j) => j.at)).toEqual(['2026-12-02T10:00:00.000Z']);
  });
});
