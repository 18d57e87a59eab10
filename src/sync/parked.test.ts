import { describe, expect, it } from 'vitest';
import type { FailureKind } from './failure.js';
import { planParking, type FailedRecord, type ParkedRecord } from './parked.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const parked = (bcId: string, attempts = 1): ParkedRecord => ({
  rowId: Number(bcId) * 10,
  bcId,
  kind: 'invalid_record',
  reason: 'old',
  attempts,
  firstFailed: '2026-11-30 08:00:00',
});
const failed = (entries: [string, FailureKind, string?][]): Map<string, FailedRecord> =>
  new Map(entries.map(([id, kind, message]) => [id, { kind, message: message ?? `${kind} ${id}` }]));

describe('planParking', () => {
  it.each([
    {
      name: 'a new failure is parked with one attempt, dated now',
      before: [],
      failures: [['7', 'odoo_refused']],
      attempted: [],
      park: [{ bcId: '7', kind: 'odoo_refused', attempts: 1, firstFailed: '2026-12-01 10:00:00' }],
      release: [],
    },
    {
      name: 'a parked record that fails again keeps its first date and counts the attempt',
      before: [parked('7', 2)],
      failures: [['7', 'workflow_step', 'invoice: boom']],
      attempted: ['7'],
      park: [
        { bcId: '7', kind: 'workflow_step', reason: 'invoice: boom', attempts: 3, firstFailed: '2026-11-30 08:00:00' },
      ],
      release: [],
    },
    {
      name: 'a parked record retried without failing is released',
      before: [parked('7'), parked('8')],
      failures: [],
      attempted: ['7'],
      park: [],
      release: ['7'],
    },
    {
      name: 'a parked record no longer in BigCommerce is released, not parked again',
      before: [parked('7')],
      failures: [['7', 'not_in_bigcommerce']],
      attempted: ['7'],
      park: [],
      release: ['7'],
    },
    {
      name: 'failures without a real id (a page, an unknown record) cannot be parked',
      before: [],
      failures: [
        ['?', 'invalid_record'],
        ['-', 'invalid_data'],
      ],
      attempted: [],
      park: [],
      release: [],
    },
    {
      name: 'a record asked for by id that BigCommerce lacks is not parked',
      before: [],
      failures: [['9', 'not_in_bigcommerce']],
      attempted: ['9'],
      park: [],
      release: [],
    },
  ] as const)('$name', ({ before, failures, attempted, park, release }) => {
    const plan = planParking(
      before,
      failed(failures.map((f) => [...f] as [string, FailureKind, string?])),
      new Set(attempted),
      NOW,
    );
    expect(plan.park).toHaveLength(park.length);
    park.forEach((p, i) => {
      expect(plan.park[i]).toMatchObject(p);
    });
    expect(plan.release).toEqual(release);
  });
});
