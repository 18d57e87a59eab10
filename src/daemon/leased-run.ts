/**
 * One entity's import under its lease (lease.ts), for everything that imports: the daemon's
 * scheduled runs and the `import`, `retry` and `demo` commands. Holding the lease of the
 * entity's sync-state row means no other daemon or command imports that entity of that
 * instance at the same time. The steps: find the row, take its lease (or say who holds it),
 * log a takeover, keep the lease alive while the import runs, release it after.
 *
 * Losing the lease (taken over, or Odoo unreachable for most of its length) calls `onLost`,
 * whose caller aborts the run's requests. A dry run writes nothing, so it takes no lease; nor
 * does an entity without a sync-state row yet (runImport makes none either), unless the caller
 * names the row.
 */
import type { Logger } from '../log/logger.js';
import type { ImportContext } from '../sync/context.js';
import { readSyncState } from '../sync/cursor.js';
import { runImport, type EntityImporter, type ImportOptions, type ImportSummary } from '../sync/run-import.js';
import { type AcquireResult, describeTakeover, type LeaseLostError, type LeaseManager } from './lease.js';

export type LeaseTaken = Extract<AcquireResult, { ok: true }>;

export interface LeasedImport {
  readonly ctx: ImportContext;
  readonly leases: LeaseManager;
  readonly importer: EntityImporter;
  readonly opts?: ImportOptions;
  /** where the takeover, the lost lease and a failed release are told */
  readonly logger: Logger;
  /** the sync-state row to lease; read from Odoo when left out */
  readonly stateId?: number;
  /** the lease was lost: the run must stop (abort the signal its requests use) */
  onLost(err: LeaseLostError): void;
  /** the lease is taken; the import starts next */
  onStart?(got: LeaseTaken): void;
  /** the import ended (returned or threw); the lease is released next */
  onImportEnd?(): void;
  /** true when the process is to look dead: the lease is left to expire instead of being released (tests) */
  abandoned?(): boolean;
}

export type LeasedRun = { ok: true; summary: ImportSummary } | { ok: false; holder?: string; until?: string };

export async function runLeasedImport(run: LeasedImport): Promise<LeasedRun> {
  const { ctx, importer, logger } = run;
  const entity = importer.entity;
  const got = await takeLease(run);
  if (got && !got.ok) return { ok: false, holder: got.holder, until: got.until };
  if (got) {
    logTakeover(logger, entity, got);
    run.onStart?.(got);
    got.lease.keepAlive((err) => {
      logger.error({ err }, `${entity}: ${err.message}; stopping this run`);
      run.onLost(err);
    });
  }
  try {
    return { ok: true, summary: await runImport(ctx, importer, run.opts) };
  } finally {
    run.onImportEnd?.();
    if (got && run.abandoned?.()) got.lease.abandon();
    else
      await got?.lease
        .release()
        .catch((err: unknown) => logger.warn({ err }, `${entity}: could not release the lease (it expires by itself)`));
  }
}

/** The lease of the entity's sync-state row; undefined when the run takes none. */
async function takeLease(run: LeasedImport): Promise<AcquireResult | undefined> {
  if (run.opts?.dryRun) return undefined;
  const stateId = run.stateId ?? (await readSyncState(run.ctx.odoo, run.ctx.instanceId, run.importer.entity))?.id;
  return stateId === undefined ? undefined : run.leases.acquire(stateId);
}

/** A lease taken over from a holder judged gone, or runs it left "running" now closed as interrupted. */
function logTakeover(logger: Logger, entity: string, got: LeaseTaken): void {
  const takeover = describeTakeover(got);
  if (takeover)
    logger.warn(
      { previous: got.tookOverFrom, reason: got.takeover, interrupted: got.interrupted },
      `${entity}: ${takeover}`,
    );
  else if (got.interrupted.length)
    logger.warn(
      { interrupted: got.interrupted },
      `${entity}: closed runs left running (operation log ${got.interrupted.join(', ')}) as interrupted`,
    );
}
