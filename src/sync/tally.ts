/**
 * The account of one import run: what was created, updated, left unchanged, archived or
 * failed, and why. Failures and warnings also go to the Odoo operation log (batched), unless
 * the run is a dry run, which writes nothing.
 *
 * Two records of failures: `failures` is the report (the first KEEP messages), `failedKinds`
 * is the data (every failed id of every entity with its kind, uncapped). Cursors, fingerprints
 * and parking read the data, never the report.
 */
import { redactText } from '../log/redact.js';
import type { OperationLog } from '../odoo/operation-log.js';
import type { EntityName, RecordEntity } from './entities.js';
import { failureKind, type FailureKind } from './failure.js';

/** One failed record of a run: why (kind) and what to tell the operator. */
export interface FailedRecord {
  kind: FailureKind;
  message: string;
}

export interface RecordIssue {
  entity: RecordEntity;
  bcId: string;
  name?: string;
  message: string;
  kind?: FailureKind;
}

/** Counts of records imported alongside a run (Tally.nested). */
export interface AlongsideCounts {
  entity: EntityName;
  created: number;
  updated: number;
  failed: number;
  warnings: number;
}

const KEEP = 500;
/** bounds the written ids a run keeps (the webhook backstop compares them with announced ids) */
const KEEP_WRITTEN = 5_000;

export class Tally {
  created = 0;
  updated = 0;
  unchanged = 0;
  /** left out on purpose (e.g. orders whose status maps to "skip") */
  skipped = 0;
  archived = 0;
  failed = 0;
  warnings = 0;
  /** the first KEEP failures and warnings, for the summary */
  readonly failures: RecordIssue[] = [];
  readonly warningList: RecordIssue[] = [];
  private readonly failedKinds = new Map<string, Map<string, FailedRecord>>();
  /** every fail() in order, repeats included: what failedSince reads */
  private readonly failEvents: { entity: string; bcId: string }[] = [];

  /**
   * BigCommerce ids of this run's own records it created or updated, the first KEEP_WRITTEN:
   * which records a poll wrote, for the webhook backstop (events_missed). A lower bound past it.
   */
  readonly writtenIds = new Set<string>();

  /** tallies of records imported on this run's behalf (nested), by entity */
  private readonly children: { entity: EntityName; tally: Tally }[] = [];

  constructor(
    private readonly oplog?: OperationLog,
    /** a nested tally (Tally.nested): a record BigCommerce does not have is its caller's to handle */
    private readonly isNested = false,
  ) {}

  /**
   * A tally for records this run imports on its own behalf (the customers and products an
   * order needs, the stock a product run sets): its counts stay apart from this run's and are
   * reported as done alongside it (`alongside`); its failures and warnings go to the same
   * operation log, under their own entity, and a failure makes the run partial. The caller
   * reads its failedRecords (those BigCommerce does not have included, which are not counted).
   */
  nested(entity: EntityName): Tally {
    const child = new Tally(this.oplog, true);
    this.children.push({ entity, tally: child });
    return child;
  }

  /** What nested tallies did, summed by entity (only entities with something to say). */
  alongside(): AlongsideCounts[] {
    const byEntity = new Map<EntityName, AlongsideCounts>();
    for (const { entity, tally } of this.descendants()) {
      const sum = byEntity.get(entity) ?? { entity, created: 0, updated: 0, failed: 0, warnings: 0 };
      sum.created += tally.created;
      sum.updated += tally.updated;
      sum.failed += tally.failed;
      sum.warnings += tally.warnings;
      byEntity.set(entity, sum);
    }
    return [...byEntity.values()].filter((s) => s.created || s.updated || s.failed || s.warnings);
  }

  /** Every nested tally, depth first (a product imported for an order, then its stock). */
  private descendants(): { entity: EntityName; tally: Tally }[] {
    return this.children.flatMap((child) => [child, ...child.tally.descendants()]);
  }

  /** Records of this run's entity it created or updated (counted apart, by the caller). */
  wrote(bcIds: Iterable<string | number>): void {
    for (const id of bcIds) {
      if (this.writtenIds.size >= KEEP_WRITTEN) return;
      this.writtenIds.add(String(id));
    }
  }

  /**
   * A record counts once per run: met again (a parked record retried first, then seen by the
   * walk), its failure is not counted or logged twice.
   */
  async fail(entity: RecordEntity, bcId: string | number, error: unknown, name?: string): Promise<void> {
    const message = redactText(error instanceof Error ? error.message : String(error));
    const kind = failureKind(error);
    const known = this.failedOf(entity);
    const again = known.has(String(bcId)) && /^\d+$/.test(String(bcId));
    this.failEvents.push({ entity, bcId: String(bcId) });
    known.set(String(bcId), { kind, message });
    // Asked for on a caller's behalf and gone from BigCommerce (a deleted product an order still
    // names): the caller reads it from failedRecords and decides; it is no failure of the run.
    if (again || (this.isNested && kind === 'not_in_bigcommerce')) return;
    this.failed++;
    if (this.failures.length < KEEP) this.failures.push({ entity, bcId: String(bcId), name, message, kind });
    await this.oplog?.fail({ bcId, entity, name, error: message });
  }

  async warn(entity: RecordEntity, bcId: string | number, message: string, name?: string): Promise<void> {
    this.warnings++;
    if (this.warningList.length < KEEP)
      this.warningList.push({ entity, bcId: String(bcId), name, message: redactText(message) });
    await this.oplog?.warn({ bcId, entity, name, error: message });
  }

  /** Every id of `entity` that failed in this run (so far), with its kind and message. */
  failedRecords(entity: RecordEntity): ReadonlyMap<string, FailedRecord> {
    return this.failedOf(entity);
  }

  /** A point in the run's failures, for failedSince. */
  mark(): number {
    return this.failEvents.length;
  }

  /**
   * Ids of `entity` that failed after `mark`, including ones that had failed before it too (a
   * parked record retried first, then failing again in the walk).
   */
  failedSince(entity: RecordEntity, mark: number): Set<string> {
    return new Set(
      this.failEvents
        .slice(mark)
        .filter((e) => e.entity === entity)
        .map((e) => e.bcId),
    );
  }

  /** Like failedSince, with each record's kind and (latest) message. */
  failuresSince(entity: RecordEntity, mark: number): Map<string, FailedRecord> {
    const known = this.failedOf(entity);
    return new Map([...this.failedSince(entity, mark)].map((id) => [id, known.get(id)!]));
  }

  private failedOf(entity: RecordEntity): Map<string, FailedRecord> {
    let m = this.failedKinds.get(entity);
    if (!m) {
      m = new Map();
      this.failedKinds.set(entity, m);
    }
    return m;
  }
}
