import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../config/index.js';
import { currentOccurrence, nextOccurrence, occurrenceJobId, partsQueue, sharedJobId, streamQueue } from './streams.js';

const every5m: Schedule = { kind: 'every', ms: 300_000, text: '5m' };
const hourly: Schedule = { kind: 'cron', pattern: '0 * * * *' };

describe('stream queues', () => {
  it.each([
    ['main', 'orders', 'bc-odoo.main.orders'],
    ['shop-1.eu', 'export_inventory', 'bc-odoo.shop-1.eu.export_inventory'],
    ['odd name', 'orders', 'bc-odoo.odd_name.orders'],
  ])('%s/%s → %s', (inst, entity, q) => {
    expect(streamQueue(inst, entity)).toBe(q);
    expect(partsQueue(inst, entity)).toBe(`${q}.parts`);
  });
});

describe('schedule times', () => {
  it.each([
    // [schedule, now, current, next]
    [every5m, '2026-12-02T10:07:31Z', '2026-12-02T10:05:00.000Z', '2026-12-02T10:10:00.000Z'],
    [every5m, '2026-12-02T10:10:00Z', '2026-12-02T10:10:00.000Z', '2026-12-02T10:15:00.000Z'],
    [hourly, '2026-12-02T10:07:31Z', '2026-12-02T10:00:00.000Z', '2026-12-02T11:00:00.000Z'],
    [hourly, '2026-12-02T11:00:00Z', '2026-12-02T11:00:00.000Z', '2026-12-02T12:00:00.000Z'],
  ] as const)('%o at %s', (schedule, now, current, next) => {
    expect(currentOccurrence(schedule, new Date(now))?.toISOString()).toBe(current);
    expect(nextOccurrence(schedule, new Date(now)).toISOString()).toBe(next);
  });

  it('two daemons started minutes apart agree on the slot, so the run is queued once', () => {
    const a = currentOccurrence(every5m, new Date('2026-12-02T10:05:02Z'))!;
    const b = currentOccurrence(every5m, new Date('2026-12-02T10:09:58Z'))!;
    expect(occurrenceJobId('bc-odoo.main.orders', a)).toBe(occurrenceJobId('bc-odoo.main.orders', b));
    const later = currentOccurrence(every5m, new Date('2026-12-02T10:10:01Z'))!;
    expect(occurrenceJobId('bc-odoo.main.orders', later)).not.toBe(occurrenceJobId('bc-odoo.main.orders', a));
  });
});

describe('shared job ids', () => {
  it('are uuids, stable for a key and different across keys', () => {
    const id = sharedJobId('q', 'part', 3);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sharedJobId('q', 'part', 3)).toBe(id);
    expect(sharedJobId('q', 'part', 4)).not.toBe(id);
    expect(occurrenceJobId('q', new Date(0))).not.toBe(occurrenceJobId('r', new Date(0)));
  });
});
