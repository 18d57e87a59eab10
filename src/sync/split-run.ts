/**
 * The importer's side of a split import (split.ts): in a pool, a large plain import — no ids,
 * no creation dates, not a dry run, not itself a part — runs as parts across the pool, and the
 * cursor then moves to when the parts were planned, once all of them are done. The time is
 * taken before BigCommerce is asked what there is, so a record changed meanwhile is read again
 * by the next run (which starts CURSOR_OVERLAP_MS before the cursor, for clocks that differ).
 */
import type { ImportContext } from './context.js';
import type { EntityRunOptions } from './run-import.js';
import { planParts, type SplitPolicy, splitPolicy } from './split.js';

/** How many records an import would read, and the lowest and highest of their ids. */
export interface SplitScope {
  readonly count: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Runs the import as parts when it is worth it and resolves with the cursor to record, or
 * resolves undefined when the importer should walk the records itself.
 */
export async function splitAcrossPool(
  ctx: ImportContext,
  opts: EntityRunOptions,
  noun: string,
  policy: SplitPolicy,
  scope: (since: Date | undefined) => Promise<SplitScope | undefined>,
): Promise<{ cursor: string } | undefined> {
  if (!opts.split || opts.dryRun || opts.part || opts.ids?.length || opts.createdFrom || opts.createdTo)
    return undefined;
  const plannedAt = new Date();
  const found = await scope(opts.from);
  const parts = planParts(found, found?.count ?? 0, splitPolicy(policy));
  if (!found || !parts) return undefined;
  ctx.logger.info(
    { count: found.count, parts: parts.length },
    `${noun}: ${found.count} to import, split into ${parts.length} parts across the pool`,
  );
  const upTo = await opts.split.run(parts, opts.from, plannedAt);
  return { cursor: upTo.toISOString() };
}
