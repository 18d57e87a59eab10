/**
 * The account of one import run: what was created, updated, left unchanged, archived or
 * failed, and why. Failures and warnings also go to the Odoo operation log (batched), unless
 * the run is a dry run, which writes nothing.
 */
import { redactText } from '../log/redact.js';
import type { OperationLog } from '../odoo/operation-log.js';

export interface RecordIssue {
  entity: string;
  bcId: string;
  name?: string;
  message: string;
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

  constructor(private readonly oplog?: OperationLog) {}

  async fail(entity: string, bcId: string | number, error: unknown, name?: string): Promise<void> {
    this.failed++;
    const message = redactText(error instanceof Error ? error.message : String(error));
    if (this.failures.length < KEEP) this.failures.push({ entity, bcId: String(bcId), name, message });
    await this.oplog?.fail({ bcId, entity, name, error: message });
  }

  async warn(entity: string, bcId: string | number, message: string, name?: string): Promise<void> {
    this.warnings++;
    if (this.warningList.length < KEEP) this.warningList.push({ entity, bcId: String(bcId), name, message: redactText(message) });
    await this.oplog?.warn({ bcId, entity, name, error: message });
  }
}
