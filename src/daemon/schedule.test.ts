import { describe, expect, it } from 'vitest';
import { backoffDelayMs, describeSchedule, nextRunAt } from './schedule.js';

describe('nextRunAt', () => {
  const at = new Date('2026-03-01T10:07:30.000Z');

  it('counts an interval from the end of the last run', () => {
    expect(nextRunAt({ kind: 'every', ms: 5 * 60_000, text: '5m' }, at).toISOString()).toBe('2026-03-01T10:12:30.000Z');
  });

  it('gives the next cron time strictly after, in the process time zone', () => {
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      expect(nextRunAt({ kind: 'cron', pattern: '*/10 * * * *' }, at).toISOString()).toBe('2026-03-01T10:10:00.000Z');
      expect(
        nextRunAt({ kind: 'cron', pattern: '0 * * * *' }, new Date('2026-03-01T10:00:00.000Z')).toISOString(),
      ).toBe('2026-03-01T11:00:00.000Z');
      // six fields: seconds first
      expect(nextRunAt({ kind: 'cron', pattern: '*/15 * * * * *' }, at).toISOString()).toBe('2026-03-01T10:07:45.000Z');
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('describes schedules for logs', () => {
    expect(describeSchedule({ kind: 'every', ms: 60_000, text: '1m' })).toBe('every 1m');
    expect(describeSchedule({ kind: 'cron', pattern: '0 3 * * *' })).toBe('cron 0 3 * * *');
  });
});

describe('backoffDelayMs', () => {
  const policy = { initialMs: 10_000, maxMs: 900_000 };

  it.each([
    [1, 10_000],
    [2, 20_000],
    [3, 40_000],
    [4, 80_000],
    [7, 640_000],
    [8, 900_000],
    [50, 900_000],
  ])('after %i failures: between half and all of %i ms', (failures, ceiling) => {
    expect(backoffDelayMs(failures, policy, () => 0)).toBe(ceiling / 2);
    expect(backoffDelayMs(failures, policy, () => 0.999999)).toBe(ceiling);
  });

  it('never waits nothing and never exceeds the cap', () => {
    for (let f = 1; f < 100; f++) {
      const d = backoffDelayMs(f, policy);
      expect(d).toBeGreaterThanOrEqual(5_000);
      expect(d).toBeLessThanOrEqual(900_000);
    }
  });

  it('treats nonsense failure counts as the first failure', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(5_000);
    expect(backoffDelayMs(-3, policy, () => 0)).toBe(5_000);
  });
});
