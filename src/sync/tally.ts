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
import { failureKind, type FailureKind } from './failure.js';

export interface RecordIssue {
  entity: string;
  bcId: string;
  name?: string;
  message: string;
  kind?: FailureKind;
}

const KEEP = 500;

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
  private readonly failedKinds = new Map<string, Map<string, { kind: FailureKind; message: string }>>();
  /** every fail() in order, repeats included: what failedSince reads */
  private readonly failEvents: { entity: string; bcId: string }[] = [];

  constructor(private readonly oplog?: OperationLog) {}

  /**
   * A record counts once per run: met again (a parked record retried first, then seen by the
   * walk), its failure is not counted or logged twice.
   */
  async fail(entity: string, bcId: string | number, error: unknown, name?: string): Promise<void> {
    const message = redactText(error instanceof Error ? error.message : String(error));
    const kind = failureKind(error);
    const known = this.failedOf(entity);
    const again = known.has(String(bcId)) && /^\d+$/.test(String(bcId));
    this.failEvents.push({ entity, bcId: String(bcId) });
    known.set(String(bcId), { kind, message });
    if (again) return;
    this.failed++;
    if (this.failures.length < KEEP) this.failures.push({ entity, bcId: String(bcId), name, message, kind });
    await this.oplog?.fail({ bcId, entity, name, error: message });
  }

  async warn(entity: string, bcId: string | number, message: string, name?: string): Promise<void> {
    this.warnings++;
    if (this.warningList.length < KEEP)
      this.warningList.push({ entity, bcId: String(bcId), name, message: redactText(message) });
    await this.oplog?.warn({ bcId, entity, name, error: message });
  }

  /** Every id of `entity` that failed in this run (so far), with its kind and message. */
  failedRecords(entity: string): ReadonlyMap<string, { kind: FailureKind; message: string }> {
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
  failedSince(entity: string, mark: number): Set<string> {
    return new Set(
      this.failEvents
        .slice(mark)
        .filter((e) => e.entity === entity)
        .map((e) => e.bcId),
    );
  }

  private failedOf(entity: string): Map<string, { kind: FailureKind; message: string }> {
    let m = this.failedKinds.get(entity);
    if (!m) {
      m = new Map();
      this.failedKinds.set(entity, m);
    }
    return m;
  }
}
