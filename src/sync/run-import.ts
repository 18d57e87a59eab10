/**
 * The one import flow every entity shares (cf. OCA's importer run): open the run in the
 * operation log, decide where an incremental run starts, let the entity import its pages,
 * then commit the cursor and the run's counts. Entities only supply `run`.
 */
import { OperationLog } from '../odoo/operation-log.js';
import type { ImportContext } from './context.js';
import { readSyncState, writeSyncState } from './cursor.js';
import { Tally, type RecordIssue } from './tally.js';

/** Re-read this much before the cursor: clocks drift and transactions commit late. */
export const CURSOR_OVERLAP_MS = 5 * 60_000;

export interface ImportOptions {
  /** only these BigCommerce ids */
  ids?: readonly number[];
  /** modified at or after (overrides the stored cursor) */
  since?: Date;
  /** ignore the stored cursor and read everything */
  full?: boolean;
  /** refunds: only those of these orders (`--order`) */
  orderIds?: readonly number[];
  /** refunds: reprocess the ones in status error (`retry refunds`) */
  retry?: boolean;
  /** orders: created in this range (never moves the cursor) */
  createdFrom?: Date;
  createdTo?: Date;
  dryRun?: boolean;
  /** called after each page with the running tally */
  onProgress?: (t: Tally) => void;
}

export interface EntityRunOptions extends ImportOptions {
  /** where this run starts (from --since or the cursor), undefined for a full read */
  from?: Date;
}

export interface EntityResult {
  /** how far the run got with nothing left behind; only written when the run was not partial by id */
  cursor?: string;
}

export interface EntityImporter {
  readonly entity: 'categories' | 'brands' | 'products' | 'customers' | 'orders' | 'refunds' | 'inventory';
  /** whether BigCommerce can filter this entity by modification date */
  readonly incremental: boolean;
  run(ctx: ImportContext, tally: Tally, opts: EntityRunOptions): Promise<EntityResult>;
}

export interface ImportSummary {
  entity: string;
  instance: string;
  dryRun: boolean;
  from?: string;
  cursor?: string;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  archived: number;
  failed: number;
  warnings: number;
  ms: number;
  odooCalls: number;
  bcRequests: number;
  status: 'done' | 'partial' | 'failed';
  failures: RecordIssue[];
  warningList: RecordIssue[];
  logId?: number;
}

export async function runImport(ctx: ImportContext, importer: EntityImporter, opts: ImportOptions = {}): Promise<ImportSummary> {
  const t0 = Date.now();
  const calls0 = ctx.odoo.stats.calls;
  const requests0 = ctx.bc.scheduler.stats().requestsSent;
  const state = await readSyncState(ctx.odoo, ctx.instanceId, importer.entity);
  let from: Date | undefined = opts.since;
  if (!from && importer.incremental && !opts.full && !opts.ids?.length && state?.cursor) {
    from = new Date(new Date(state.cursor).getTime() - CURSOR_OVERLAP_MS);
  }
  const oplog = opts.dryRun ? undefined : await OperationLog.start(ctx.odoo, { operation: 'import', entity: importer.entity, instanceId: ctx.instanceId });
  const tally = new Tally(oplog);
  let result: EntityResult = {};
  let status: ImportSummary['status'] = 'done';
  let fatal: unknown;
  try {
    result = await importer.run(ctx, tally, { ...opts, from });
    status = tally.failed ? 'partial' : 'done';
  } catch (err) {
    status = 'failed';
    fatal = err;
  }
  const summary: ImportSummary = {
    entity: importer.entity, instance: ctx.instance.name, dryRun: !!opts.dryRun, from: from?.toISOString(), cursor: result.cursor,
    created: tally.created, updated: tally.updated, unchanged: tally.unchanged, skipped: tally.skipped, archived: tally.archived,
    failed: tally.failed, warnings: tally.warnings, ms: Date.now() - t0,
    odooCalls: ctx.odoo.stats.calls - calls0, bcRequests: ctx.bc.scheduler.stats().requestsSent - requests0,
    status, failures: tally.failures, warningList: tally.warningList, logId: oplog?.id,
  };
  const message = fatal ? `run stopped: ${fatal instanceof Error ? fatal.message : String(fatal)}` : describeSummary(summary);
  if (oplog) {
    oplog.add({ created: tally.created, updated: tally.updated, skipped: tally.unchanged + tally.skipped });
    await oplog.finish(status, message);
  }
  if (!opts.dryRun && state) {
    // A run by id says nothing about the rest of the store, so it never moves the cursor.
    const partial = !!(opts.ids?.length || opts.orderIds?.length || opts.retry);
    await writeSyncState(ctx.odoo, state, { cursor: partial ? undefined : result.cursor, status, message });
  }
  if (fatal) throw fatal;
  return summary;
}

export function describeSummary(s: ImportSummary): string {
  const parts = [`${s.created} created`, `${s.updated} updated`, `${s.unchanged} unchanged`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.archived) parts.push(`${s.archived} archived`);
  parts.push(`${s.failed} failed`);
  if (s.warnings) parts.push(`${s.warnings} warnings`);
  return `${s.entity}${s.dryRun ? ' (dry run, nothing written)' : ''}: ${parts.join(', ')} in ${(s.ms / 1000).toFixed(1)} s ` +
    `(${s.odooCalls} Odoo calls, ${s.bcRequests} BigCommerce requests)`;
}
