/**
 * Split imports (issue 16): in a pool, a large import of an entity is cut into parts — ranges
 * of BigCommerce ids — that the pool's members run at once against a multi-worker Odoo. The
 * stream's own run plans the parts, waits for all of them (running some itself) and only then
 * moves the cursor, to the time it planned them: a part that failed for good leaves the cursor
 * where it was, so the next run reads the same backlog again (what was done costs nothing then).
 *
 * The importer decides whether to split and where (pure: `planParts`); the pool runs the parts
 * (daemon/pool/split-runner.ts). Without a pool nothing is split.
 */

/** One part: the records with ids in [min, max], both included. */
export interface ImportPart {
  readonly min: number;
  readonly max: number;
}

export interface SplitRunner {
  /**
   * Runs the parts (modified at or after `since`) wherever the pool has room, this process
   * included; resolves once every part ended with the time the cursor may move to (`plannedAt`,
   * or an earlier attempt's when this run is a retry of it, whose parts it then finishes),
   * rejects when a part failed after its retries.
   */
  run(parts: readonly ImportPart[], since: Date | undefined, plannedAt: Date): Promise<Date>;
}

export interface SplitPolicy {
  /** no split below this many records: one run is as fast */
  readonly minRecords: number;
  /** parts hold about this many records at most (a page of 250 is the importer's unit) */
  readonly maxPerPart: number;
  /** and at least this many, so a part's fixed cost stays small beside its work */
  readonly minPerPart: number;
  /** aim for at least this many parts when the records allow it */
  readonly targetParts: number;
}

/** Orders: about 0.3 s of Odoo's workflow each, so parts of 50 or more outweigh a part's fixed cost. */
export const DEFAULT_SPLIT: SplitPolicy = { minRecords: 200, maxPerPart: 250, minPerPart: 50, targetParts: 8 };

/**
 * Products: each is a template with its variants, images and stock — several times an order's
 * work — so 10 of them already outweigh a part's fixed cost (taking the job, the run's opening
 * reads: about a second), and a catalog of 50 is worth spreading.
 */
export const PRODUCT_SPLIT: SplitPolicy = { minRecords: 50, maxPerPart: 100, minPerPart: 10, targetParts: 8 };

/**
 * The policy in force: the entity's own, unless BC_ODOO_SPLIT_PART_SIZE (a test knob read from
 * the environment like the crash points, never a setting) makes parts of that many records
 * from twice that many on, so the small sample store splits too.
 */
export function splitPolicy(base: SplitPolicy = DEFAULT_SPLIT, env: NodeJS.ProcessEnv = process.env): SplitPolicy {
  const size = Number(env.BC_ODOO_SPLIT_PART_SIZE);
  if (!Number.isInteger(size) || size < 1) return base;
  return { minRecords: 2 * size, maxPerPart: size, minPerPart: size, targetParts: 1 };
}

/**
 * The id ranges for `count` records between `bounds.min` and `bounds.max`, or undefined when
 * the import is not worth splitting. Ranges are of equal width: dense ids (a first import)
 * give parts of equal size; sparse ones (a backlog of changes) give uneven parts, never a gap.
 */
export function planParts(
  bounds: { min: number; max: number } | undefined,
  count: number,
  policy: SplitPolicy = DEFAULT_SPLIT,
): ImportPart[] | undefined {
  if (!bounds || count < policy.minRecords || bounds.max <= bounds.min) return undefined;
  const perPart = Math.min(policy.maxPerPart, Math.max(policy.minPerPart, Math.ceil(count / policy.targetParts)));
  const n = Math.max(2, Math.ceil(count / perPart));
  const span = bounds.max - bounds.min + 1;
  const width = Math.ceil(span / n);
  const parts: ImportPart[] = [];
  for (let min = bounds.min; min <= bounds.max; min += width)
    parts.push({ min, max: Math.min(bounds.max, min + width - 1) });
  return parts.length > 1 ? parts : undefined;
}
