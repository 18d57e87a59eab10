/**
 * Why a record failed, as data: cursors, fingerprints and the parked-record list branch on a
 * failure's kind, never on its message (the report keeps only the first few hundred messages;
 * these kinds are kept for every failed record of a run).
 */
import { InvalidRecordError } from '../bigcommerce/errors.js';
import { OdooError } from '../odoo/errors.js';

export type FailureKind =
  /** BigCommerce sent a record our schema cannot read */
  | 'invalid_record'
  /** something the record needs (its customer, a line's product, its order) is not in Odoo */
  | 'missing_dependency'
  /** Odoo refused to write it (validation, access, constraint) */
  | 'odoo_refused'
  /** written, but a later step (confirm, invoice, post, pay, credit note) failed */
  | 'workflow_step'
  /** asked for by id, and BigCommerce does not have it */
  | 'not_in_bigcommerce'
  /** the mapping found the data unusable (a status with no map entry, a missing journal…) */
  | 'invalid_data';

export const FAILURE_KINDS: readonly (readonly [FailureKind, string])[] = [
  ['invalid_record', 'Unreadable record'],
  ['missing_dependency', 'Missing dependency'],
  ['odoo_refused', 'Refused by Odoo'],
  ['workflow_step', 'Workflow step failed'],
  ['not_in_bigcommerce', 'Not in BigCommerce'],
  ['invalid_data', 'Invalid data'],
];

/** An error that says which kind of failure it is; `cause` keeps the original. */
export class RecordFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecordFailure';
  }
}

export const missingDependency = (message: string, cause?: unknown) =>
  new RecordFailure('missing_dependency', message, { cause });
export const notInBigCommerce = (message: string) => new RecordFailure('not_in_bigcommerce', message);
export const workflowStep = (message: string, cause?: unknown) =>
  new RecordFailure('workflow_step', message, { cause });

/** The kind of any error an importer meets: typed errors say it, the rest is invalid data. */
export function failureKind(err: unknown): FailureKind {
  if (err instanceof RecordFailure) return err.kind;
  if (err instanceof InvalidRecordError) return 'invalid_record';
  if (err instanceof OdooError) return 'odoo_refused';
  return 'invalid_data';
}
