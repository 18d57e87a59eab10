/**
 * The one import flow every entity shares (cf. OCA's importer run): open the run in the
 * operation log, decide where an incremental run starts, let the entity import its pages,
 * then commit the cursor and the run's counts. Entities only supply `run`.
 */
import type { BindingKind } from '../odoo/binding-kinds.js';
import { OperationLog, type RunStatus } from '../odoo/operation-log.js';
import { describeRunFailure } from './connection-failure.js';
import type { ImportContext } from './context.js';
import type { EntityName } from './entities.js';
import { readSyncState, writeSyncState, type SyncState } from './cursor.js';
import { FINGERPRINT_PENDING } from './fingerprint.js';
import { applyParking, planParking, readParked, type ParkedRecord } from './parked.js';
import type { ImportPart, SplitRunner } from './split.js';
import { Tally, type AlongsideCounts, type RecordIssue } from './tally.js';

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
  /** only retry the parked records (`retry <entity>`), with `ids` only those */
  retryParked?: boolean;
  /**
   * One part of a split import (split.ts): only ids in this range; like a run by id it never
   * moves the cursor, and it leaves parked and half-done records to the run that split it.
   */
  part?: ImportPart;
  /** in a pool: lets an importer split a large import into parts run across the pool (split.ts) */
  split?: SplitRunner;
  /** orders: created in this range (never moves the cursor) */
  createdFrom?: Date;
  createdTo?: Date;
  dryRun?: boolean;
  /** what started the run when not a schedule or a command: shown in the operation log's name */
  trigger?: 'webhook' | `part ${number}-${number}`;
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
  readonly entity: EntityName;
  /** what the operation log calls its runs: `import` (default), or `export` for what goes to BigCommerce */
  readonly operation?: 'import' | 'export';
  /** whether BigCommerce can filter this entity by modification date */
  readonly incremental: boolean;
  /** whether failed records are parked (parked.ts) and retried first by id, instead of holding the cursor */
  readonly parks?: boolean;
  /**
   * Where this entity's records carry their fingerprint, bound as `<kind>_<id>`: records still
   * "pending" there were left half done by a killed run and are retried first, like parked ones.
   */
  readonly fingerprinted?: { model: string; kind: BindingKind };
  /** whether a large import may be split into parts across a pool (split-run.ts) */
  readonly splits?: boolean;
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
  /** records of other entities imported on this run's behalf (customers and products for orders…) */
  alongside: AlongsideCounts[];
  logId?: number;
  /** records of this entity still parked after the run */
  parked: number;
  /** dry run: the parked ids the next real run retries first */
  parkedIds?: string[];
  /** BigCommerce ids of this entity's records the run created or updated (bounded: Tally.writtenIds) */
  writtenIds: string[];
}

export async function runImport(
  ctx: ImportContext,
  importer: EntityImporter,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const t0 = Date.now();
  const calls0 = ctx.odoo.stats.calls;
  const requests0 = ctx.bc.scheduler.stats().requestsSent;
  const state = await readSyncState(ctx.odoo, ctx.instanceId, importer.entity);
  const from = startOf(importer, opts, state);
  const oplog = opts.dryRun
    ? undefined
    : await OperationLog.start(ctx.odoo, {
        operation: opts.retryParked ? 'retry' : (importer.operation ?? 'import'),
        entity: importer.entity,
        instanceId: ctx.instanceId,
        trigger: opts.trigger,
      });
  const tally = new Tally(oplog);
  const parked = importer.parks ? await readParked(ctx.odoo, ctx.instanceId, importer.entity) : [];
  let result: EntityResult = {};
  let status: ImportSummary['status'] = 'done';
  let fatal: unknown;
  let stillParked = parked.length;
  try {
    // Records another part of a split import is writing look half done: parts leave them alone.
    const halfDone = opts.dryRun || opts.ids?.length || opts.part ? [] : await pendingRecords(ctx, importer);
    const attempted = await retryParked(ctx, importer, tally, parked, halfDone, opts);
    if (!opts.retryParked) result = await importer.run(ctx, tally, { ...opts, from });
    // A run stopped by its signal (shutdown, a lost lease) failed as a whole: what the stop
    // failed is not bad data to park, and its cursor stays (a part is retried by the pool).
    ctx.signal?.throwIfAborted();
    if (importer.parks && !opts.dryRun)
      stillParked = await updateParking(ctx, importer.entity, tally, parked, attempted);
    status = tally.failed || tally.alongside().some((a) => a.failed) ? 'partial' : 'done';
  } catch (err) {
    status = 'failed';
    fatal = err;
    result = {};
  }
  const summary: ImportSummary = {
    entity: importer.entity,
    instance: ctx.instance.name,
    dryRun: !!opts.dryRun,
    from: from?.toISOString(),
    cursor: result.cursor,
    created: tally.created,
    updated: tally.updated,
    unchanged: tally.unchanged,
    skipped: tally.skipped,
    archived: tally.archived,
    failed: tally.failed,
    warnings: tally.warnings,
    ms: Date.now() - t0,
    odooCalls: ctx.odoo.stats.calls - calls0,
    bcRequests: ctx.bc.scheduler.stats().requestsSent - requests0,
    status,
    failures: tally.failures,
    warningList: tally.warningList,
    alongside: tally.alongside(),
    logId: oplog?.id,
    parked: stillParked,
    parkedIds: opts.dryRun ? parked.map((p) => p.bcId) : undefined,
    writtenIds: [...tally.writtenIds],
  };
  const message = fatal ? `run stopped: ${describeRunFailure(fatal)}` : describeSummary(summary);
  // The log and the sync state tell a done run with warnings apart ("done with warnings");
  // the summary keeps done / partial / failed for the CLI and the daemon.
  let shown: RunStatus = status;
  if (oplog) {
    // Failures and warnings are counted as their lines are written (Tally → fail/warn).
    oplog.add({ created: tally.created, updated: tally.updated, unchanged: tally.unchanged, skipped: tally.skipped });
    shown = await oplog.finish(status, message);
  }
  // A part leaves the row (its cursor, its status) to the run that split the import.
  if (!opts.dryRun && state && !opts.part) {
    // A run by id says nothing about the rest of the store, so it never moves the cursor.
    const partial = !!(opts.ids?.length || opts.orderIds?.length || opts.retry || opts.retryParked || opts.part);
    await writeSyncState(ctx.odoo, state, { cursor: partial ? undefined : result.cursor, status: shown, message });
  }
  if (fatal) throw fatal;
  return summary;
}

/** Where an incremental run starts: --since, else the stored cursor minus the overlap. */
function startOf(importer: EntityImporter, opts: ImportOptions, state: SyncState | undefined): Date | undefined {
  if (opts.since) return opts.since;
  if (!importer.incremental || opts.full || opts.ids?.length || !state?.cursor) return undefined;
  return new Date(new Date(state.cursor).getTime() - CURSOR_OVERLAP_MS);
}

/**
 * Parked records first, by id, before the walk (or alone for `retry`). A run by id retries
 * just its ids. Returns the ids this run imported by id, which planParking releases unless
 * they failed again.
 */
async function retryParked(
  ctx: ImportContext,
  importer: EntityImporter,
  tally: Tally,
  parked: readonly ParkedRecord[],
  halfDone: readonly number[],
  opts: ImportOptions,
): Promise<Set<string>> {
  const retryAlone = !!opts.retryParked;
  if (!retryAlone && opts.ids?.length) return new Set(opts.ids.map(String)); // the walk itself is by id
  if (opts.part) return new Set(); // the run that split the import retried them
  const ids =
    retryAlone && opts.ids?.length ? [...opts.ids] : [...new Set([...parked.map((p) => Number(p.bcId)), ...halfDone])];
  if (!ids.length || (opts.dryRun && !retryAlone)) return new Set();
  await importer.run(ctx, tally, { ...opts, ids, from: undefined, since: undefined, full: false });
  return new Set(ids.map(String));
}

/**
 * BigCommerce ids of records a killed run left "pending" (fingerprint.ts): a run by id, or one
 * whose cursor was written before, would otherwise never read them again. Two reads.
 */
async function pendingRecords(ctx: ImportContext, importer: EntityImporter): Promise<number[]> {
  if (!importer.fingerprinted) return [];
  const { model, kind } = importer.fingerprinted;
  const ids = await ctx.odoo.search(model, [['x_bc_hash', '=', FINGERPRINT_PENDING]], {
    context: { active_test: false },
  });
  if (!ids.length) return [];
  const bound = await ctx.odoo.searchRead<{ name: string }>(
    'ir.model.data',
    [
      ['module', '=', ctx.binder.module],
      ['model', '=', model],
      ['res_id', 'in', ids],
      ['name', '=like', `${kind}\\_%`],
    ],
    ['name'],
  );
  return bound.map((b) => Number(b.name.slice(kind.length + 1))).filter((id) => Number.isInteger(id) && id > 0);
}

async function updateParking(
  ctx: ImportContext,
  entity: EntityName,
  tally: Tally,
  parked: readonly ParkedRecord[],
  attempted: ReadonlySet<string>,
): Promise<number> {
  const now = new Date();
  const failed = tally.failedRecords(entity);
  const change = planParking(parked, failed, attempted, now);
  for (const id of change.release) {
    if (failed.get(id)?.kind === 'not_in_bigcommerce')
      await tally.warn(entity, id, `parked ${entity} ${id} no longer exists in BigCommerce: released`);
  }
  await applyParking(ctx.odoo, ctx.binder, ctx.instanceId, entity, parked, change, now);
  const released = new Set(change.release);
  return new Set([...parked.map((p) => p.bcId).filter((id) => !released.has(id)), ...change.park.map((p) => p.bcId)])
    .size;
}

export function describeSummary(s: ImportSummary): string {
  const parts = [`${s.created} created`, `${s.updated} updated`, `${s.unchanged} unchanged`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.archived) parts.push(`${s.archived} archived`);
  parts.push(`${s.failed} failed`);
  if (s.warnings) parts.push(`${s.warnings} warnings`);
  if (s.parked) parts.push(`${s.parked} parked${s.dryRun ? ' (retried first by the next run)' : ''}`);
  return (
    `${s.entity}${s.dryRun ? ' (dry run, nothing written)' : ''}: ${parts.join(', ')} in ${(s.ms / 1000).toFixed(1)} s ` +
    `(${s.odooCalls} Odoo calls, ${s.bcRequests} BigCommerce requests)${describeAlongside(s.alongside)}`
  );
}

/** "; alongside: 2 customers created, 1 product failed" — what nested imports did. */
function describeAlongside(alongside: readonly AlongsideCounts[]): string {
  const parts = alongside.map((a) => {
    const done = [
      a.created && `${a.created} created`,
      a.updated && `${a.updated} updated`,
      a.failed && `${a.failed} failed`,
      a.warnings && `${a.warnings} warnings`,
    ].filter(Boolean);
    return `${a.entity} ${done.join(', ')}`;
  });
  return parts.length ? `; alongside: ${parts.join('; ')}` : '';
}
