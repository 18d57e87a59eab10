/**
 * The page loop every paged importer shares (cf. Airbyte's incremental stream): read a page,
 * fail the records our schemas cannot read, hand the readable ones to the entity's page step,
 * learn which of them failed and why, move the cursor over the page, report progress; at the
 * end, fail the ids asked for that BigCommerce does not have.
 *
 * A page's failures are data: the step's failures are read from the run's uncapped failure
 * record (tally.ts), never from the capped report, so the cursor, the fingerprints and the
 * parked list see every failed record however many there are.
 */
import type { Page } from '../bigcommerce/paging.js';
import { CursorTracker, failUnreadable } from './cursor.js';
import type { EntityName } from './entities.js';
import { notInBigCommerce } from './failure.js';
import type { FailedRecord, Tally } from './tally.js';

/** The records of one page that failed, by BigCommerce id, with their kind and message. */
export type PageFailures = ReadonlyMap<string, FailedRecord>;

export interface PageWalk<R> {
  entity: EntityName;
  /** how a record is called in messages: "order 5 does not exist in BigCommerce" */
  noun: string;
  pages: AsyncIterable<Page<R>>;
  idOf(record: R): number;
  /** the page step: writes the records, failing in the tally those that could not be */
  step(records: R[]): Promise<void>;
  /**
   * The cursor: each record's modification (or creation) date, and whether the walk comes
   * sorted by it. Without it the walk moves no cursor.
   */
  cursor?: {
    dateOf(record: R): string;
    sortedByDate: boolean;
    /**
     * Whether a failed record holds the cursor. Entities that park their failures
     * (parked.ts) retry them first by id, so their failures do not hold it.
     */
    failuresHold: boolean;
  };
  /** the ids asked for (a run by id): those BigCommerce did not send are failed */
  askedIds?: readonly number[];
  /** offset pages shift when records change during the walk: a short walk holds the cursor */
  checkTotal?: boolean;
  /** after each page */
  onPage?(records: R[], failures: PageFailures): Promise<void> | void;
  onProgress?(tally: Tally): void;
}

export interface WalkResult {
  /** every id the walk read, readable or not */
  seen: Set<number>;
  /** how far the cursor may move, when the walk has one */
  cursor?: string;
  /** false when a record could not be read or the walk came up short */
  complete: boolean;
}

export async function walkPages<R>(tally: Tally, walk: PageWalk<R>): Promise<WalkResult> {
  const cursor = new CursorTracker(walk.cursor?.sortedByDate ?? false);
  const seen = new Set<number>();
  const count = { expected: undefined as number | undefined, read: 0 };
  let complete = true;
  for await (const page of walk.pages) {
    count.expected ??= page.total;
    count.read += page.records.length + page.errors.length;
    complete = (await failUnreadableRecords(tally, walk, cursor, page, seen)) && complete;
    const failures = await stepPage(tally, walk, page.records);
    moveCursor(walk, cursor, page.records, failures);
    await walk.onPage?.(page.records, failures);
    walk.onProgress?.(tally);
  }
  if (walk.checkTotal && count.expected !== undefined && count.read < count.expected) {
    complete = false;
    cursor.hold();
    await tally.warn(
      walk.entity,
      '-',
      `BigCommerce reported ${count.expected} ${walk.entity} but ${count.read} were read ` +
        '(the store changed during the run); the cursor stays where it was',
    );
  }
  await failMissing(tally, walk, seen);
  return { seen, cursor: walk.cursor ? cursor.value() : undefined, complete };
}

/** Fails the page's unreadable records; false when one of them had no id (the walk is then incomplete). */
async function failUnreadableRecords<R>(
  tally: Tally,
  walk: PageWalk<R>,
  cursor: CursorTracker,
  page: Page<R>,
  seen: Set<number>,
): Promise<boolean> {
  for (const r of page.records) seen.add(walk.idOf(r));
  for (const e of page.errors) {
    if (typeof e.recordId === 'number') seen.add(e.recordId);
    await failUnreadable(tally, cursor, walk.entity, e);
  }
  return page.errors.length === 0;
}

async function stepPage<R>(tally: Tally, walk: PageWalk<R>, records: R[]): Promise<PageFailures> {
  const mark = tally.mark();
  if (records.length) await walk.step(records);
  return tally.failuresSince(walk.entity, mark);
}

function moveCursor<R>(walk: PageWalk<R>, cursor: CursorTracker, records: R[], failures: PageFailures): void {
  if (!walk.cursor) return;
  const { dateOf, failuresHold } = walk.cursor;
  for (const r of records) cursor.record(dateOf(r), failuresHold && failures.has(String(walk.idOf(r))));
}

async function failMissing<R>(tally: Tally, walk: PageWalk<R>, seen: ReadonlySet<number>): Promise<void> {
  for (const id of walk.askedIds ?? []) {
    if (!seen.has(id))
      await tally.fail(walk.entity, id, notInBigCommerce(`${walk.noun} ${id} does not exist in BigCommerce`));
  }
}
