/**
 * One entity's import under its lease, for the CLI commands that import (import, retry):
 * take the lease the daemon also takes, keep it alive while the run lasts, release it after.
 * A dry run writes nothing, so it takes no lease.
 */
import { describeTakeover, type LeaseManager } from '../daemon/lease.js';
import type { Logger } from '../log/logger.js';
import type { ImportContext } from '../sync/context.js';
import { readSyncState } from '../sync/cursor.js';
import { runImport, type EntityImporter, type ImportOptions, type ImportSummary } from '../sync/run-import.js';

export type LeasedRun = { ok: true; summary: ImportSummary } | { ok: false; holder?: string; until?: string };

export async function runLeasedImport(
  ctx: ImportContext,
  leases: LeaseManager,
  importer: EntityImporter,
  opts: ImportOptions,
  logger: Logger,
  onLost: (err: Error) => void,
): Promise<LeasedRun> {
  const state = opts.dryRun ? undefined : await readSyncState(ctx.odoo, ctx.instanceId, importer.entity);
  // No sync-state row yet: nothing to lock (runImport makes none either).
  const lease = state ? await leases.acquire(state.id) : undefined;
  if (lease && !lease.ok) return { ok: false, holder: lease.holder, until: lease.until };
  const takeover = lease && describeTakeover(lease);
  if (takeover) logger.warn(`${importer.entity}: ${takeover}`);
  lease?.lease.keepAlive((err) => {
    logger.error({ err }, `${importer.entity}: ${err.message}; stopping`);
    onLost(err);
  });
  try {
    return { ok: true, summary: await runImport(ctx, importer, opts) };
  } finally {
    await lease?.lease
      .release()
      .catch((err: unknown) =>
        logger.warn({ err }, `${importer.entity}: could not release the lease (it expires by itself)`),
      );
  }
}

export function describeHeldLease(instance: string, entity: string, run: { holder?: string; until?: string }): string {
  return (
    `[${instance}] ${entity}: not imported: another bc-odoo process (${run.holder ?? 'unknown'}) is importing ${entity}` +
    `${run.until ? ` (lease until ${run.until} UTC)` : ''}; run again when it has finished\n`
  );
}
