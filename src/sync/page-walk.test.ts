import { describe, expect, it } from 'vitest';
import type { Page } from '../bigcommerce/paging.js';
import { InvalidRecordError } from '../bigcommerce/errors.js';
import { RecordFailure } from './failure.js';
import { walkPages, type PageWalk } from './page-walk.js';
import { Tally } from './tally.js';

interface Rec {
  id: number;
  modified: string;
}

const rec = (id: number, day: number): Rec => ({
  id,
  modified: `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`,
});

async function* pagesOf(pages: Partial<Page<Rec>>[]): AsyncIterable<Page<Rec>> {
  let index = 0;
  for (const p of pages) yield { records: [], errors: [], index: ++index, path: '/x', ...p };
}

function unreadable(recordId?: number): InvalidRecordError {
  return new InvalidRecordError({ method: 'GET', path: '/x', resource: 'orders', recordId, issues: [] });
}

function walk(pages: Partial<Page<Rec>>[], over: Partial<PageWalk<Rec>> = {}): PageWalk<Rec> {
  return {
    entity: 'orders',
    noun: 'order',
    pages: pagesOf(pages),
    idOf: (r) => r.id,
    step: async () => undefined,
    cursor: { dateOf: (r) => r.modified, sortedByDate: true, failuresHold: true },
    ...over,
  };
}

describe('walkPages', () => {
  it.each([
    ['every record in: the cursor reaches the newest', [], true, '2026-01-04T00:00:00.000Z'],
    ['failures hold: a sorted walk stops before the first failed record', [3], true, '2026-01-02T00:00:00.000Z'],
    ['parked failures do not hold the cursor', [3], false, '2026-01-04T00:00:00.000Z'],
  ] as const)('%s', async (_label, failing, failuresHold, cursor) => {
    const tally = new Tally();
    const result = await walkPages(
      tally,
      walk([{ records: [rec(1, 1), rec(2, 2)] }, { records: [rec(3, 3), rec(4, 4)] }], {
        step: async (records) => {
          for (const r of records)
            if ((failing as readonly number[]).includes(r.id)) await tally.fail('orders', r.id, new Error('no'));
        },
        cursor: { dateOf: (r) => r.modified, sortedByDate: true, failuresHold },
      }),
    );
    expect(result.cursor).toBe(cursor);
    expect(result.seen).toEqual(new Set([1, 2, 3, 4]));
  });

  it('sees more failures than the report keeps, on every page, as data', async () => {
    const tally = new Tally();
    const pages = [0, 1, 2].map((p) => ({
      records: Array.from({ length: 250 }, (_, i) => rec(p * 250 + i + 1, 1)),
    }));
    const seenFailures: number[] = [];
    await walkPages(
      tally,
      walk(pages, {
        step: async (records) => {
          for (const r of records) await tally.fail('orders', r.id, new RecordFailure('odoo_refused', 'refused'));
        },
        onPage: (_records, failures) => {
          seenFailures.push(failures.size);
          expect([...failures.values()].every((f) => f.kind === 'odoo_refused')).toBe(true);
        },
      }),
    );
    expect(seenFailures).toEqual([250, 250, 250]);
    expect(tally.failures).toHaveLength(500);
    expect(tally.failedRecords('orders').size).toBe(750);
  });

  it('an unreadable record without an id holds the cursor and makes the walk incomplete', async () => {
    const tally = new Tally();
    const result = await walkPages(
      tally,
      walk([{ records: [rec(1, 1)], errors: [unreadable()] }, { records: [rec(2, 2)] }]),
    );
    expect(result.complete).toBe(false);
    expect(result.cursor, 'its date is unknown: nothing after the page start is certain').toBeUndefined();
    expect(tally.failedRecords('orders').get('?')?.kind).toBe('invalid_record');
  });

  it('fails the ids asked for that BigCommerce did not send, as not in BigCommerce', async () => {
    const tally = new Tally();
    await walkPages(tally, walk([{ records: [rec(1, 1)], errors: [unreadable(2)] }], { askedIds: [1, 2, 3] }));
    expect([...tally.failedRecords('orders')].map(([id, f]) => [id, f.kind])).toEqual([
      ['2', 'invalid_record'],
      ['3', 'not_in_bigcommerce'],
    ]);
  });

  it('a full walk shorter than BigCommerce said holds the cursor, is incomplete and warns', async () => {
    const tally = new Tally();
    const result = await walkPages(
      tally,
      walk([{ records: [rec(1, 1)], total: 3 }], {
        checkTotal: true,
        cursor: { dateOf: (r) => r.modified, sortedByDate: false, failuresHold: false },
      }),
    );
    expect(result).toMatchObject({ complete: false, cursor: undefined });
    expect(tally.warningList[0]?.message).toMatch(/reported 3 orders but 1 were read/);
  });
});
