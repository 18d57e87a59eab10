/**
 * One scheduled run of one entity of one instance, as named steps: open the instance, run the
 * import under the entity's lease (leased-run.ts, the same as `bc-odoo import`), then record
 * the outcome — done or partial (next run on schedule), held by another process (skipped until
 * the next scheduled time) or failed (retried with capped exponential backoff; as the cursor
 * did not move, the retry resumes where the last good run ended and nothing is lost). Every
 * outcome lands in the metrics, the readiness, the events and the log.
 */
import { BigCommerceError } from '../bigcommerce/errors.js';
import type { InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import { bigCommerceFailure, describeRunFailure } from '../sync/connection-failure.js';
import type { ImportContext } from '../sync/context.js';
import { bigCommerceClient } from '../sync/instance-clients.js';
import { describeSummary, type ImportSummary } from '../sync/run-import.js';
import type { Lease } from './lease.js';
import { type LeasedRun, runLeasedImport } from './leased-run.js';
import type { InstanceSession } from './instance-session.js';
import { backoffDelayMs, nextRunAt } from './schedule.js';
import { type Job, type Shared, ShutdownError } from './shared.js';

/** What a run needs of its instance worker. */
export interface RunSite {
  readonly inst: InstanceConfig;
  readonly s: Shared;
  readonly log: Logger;
  readonly session: InstanceSession;
  /** the leases of the running imports, for the worker's abandon() */
  readonly running: Set<Lease>;
}

/** When a run started, and when its import ended (before the lease was released). */
interface Span {
  readonly startedAt: number;
  endedAt: number;
}

/** How a run ended, for a caller that acts on it (the pool fails the job of a failed or held run, so pg-boss retries it). */
export type EntityRunResult =
  | { status: 'done' }
  | { status: 'partial' }
  | { status: 'held'; holder?: string }
  | { status: 'failed'; error: string; reason: string };

export async function runEntity(site: RunSite, job: Job, signal?: AbortSignal): Promise<EntityRunResult> {
  const log = site.log.child({ entity: job.entity });
  const startedAt = Date.now();
  const span: Span = { startedAt, endedAt: startedAt };
  try {
    const run = await importUnderLease(site, job, log, span, signal);
    if (!run.ok) {
      held(site, job, log, run);
      return { status: 'held', holder: run.holder };
    }
    return { status: succeeded(site, job, log, run.summary, span) };
  } catch (err) {
    if (span.endedAt === startedAt) span.endedAt = Date.now();
    return failed(site, job, log, err, span);
  }
}

/** Opens the instance (if need be) and imports the entity holding the lease of its sync-state row. */
async function importUnderLease(
  site: RunSite,
  job: Job,
  log: Logger,
  span: Span,
  signal: AbortSignal | undefined,
): Promise<LeasedRun> {
  const { entity } = job;
  const { ctx, stateIds, leases } = await site.session.open(entity);
  const stateId = stateIds.get(entity);
  if (stateId === undefined) throw new Error(`no sync-state row for ${entity} in Odoo: run \`bc-odoo setup\``);
  const lost = new AbortController();
  let leased = false;
  let lease: Lease | undefined;
  try {
    return await runLeasedImport({
      ctx: runContext(site, ctx, AbortSignal.any([site.s.hardAbort.signal, lost.signal, ...(signal ? [signal] : [])])),
      leases,
      importer: job.importer,
      opts: job.opts,
      logger: log,
      stateId,
      onLost: (err) => lost.abort(err),
      onStart: (got) => {
        leased = true;
        lease = got.lease;
        site.running.add(got.lease);
        started(site, entity, got.tookOverFrom);
      },
      onImportEnd: () => {
        span.endedAt = Date.now();
        if (lease) site.running.delete(lease);
      },
      abandoned: () => site.s.abandoned(),
    });
  } finally {
    if (leased) site.s.metrics.lease(site.inst.name, entity, false);
  }
}

/**
 * The context for one run: its own BigCommerce client on the store's shared scheduler, whose
 * requests stop when the run's signal fires (lease lost, forced shutdown).
 */
export function runContext(site: RunSite, ctx: ImportContext, signal: AbortSignal): ImportContext {
  const bc = bigCommerceClient(site.inst, ctx.logger, { registry: site.s.registry, signal });
  return { ...ctx, bc, signal, exclusive: site.s.exclusive };
}

function started(site: RunSite, entity: string, tookOverFrom: string | undefined): void {
  const instance = site.inst.name;
  site.s.metrics.lease(instance, entity, true);
  site.s.emit({ type: 'start', instance, entity, holder: site.s.holder, at: Date.now(), tookOverFrom });
}

/** Another process holds the lease: skipped until the next scheduled time. */
function held(site: RunSite, job: Job, log: Logger, got: { holder?: string; until?: string }): void {
  const { entity } = job;
  const instance = site.inst.name;
  site.s.result.held++;
  site.s.metrics.run(instance, entity, 'held', 0);
  site.s.emit({ type: 'held', instance, entity, holder: got.holder, until: got.until, at: Date.now() });
  log.info(
    { holder: got.holder, until: got.until },
    `${entity}: another bc-odoo process holds the lease (${got.holder ?? 'unknown'}); skipped`,
  );
  job.nextAt = nextRunAt(job.plan.schedule, new Date()).getTime();
}

function succeeded(site: RunSite, job: Job, log: Logger, summary: ImportSummary, span: Span): 'done' | 'partial' {
  const { entity } = job;
  const { startedAt, endedAt } = span;
  const instance = site.inst.name;
  job.failures = 0;
  job.nextAt = nextRunAt(job.plan.schedule, new Date()).getTime();
  const status = summary.status === 'partial' ? 'partial' : 'done';
  site.s.result.runs++;
  if (status === 'partial') site.s.result.partial++;
  site.s.metrics.run(instance, entity, status, (endedAt - startedAt) / 1000, summary);
  site.s.readiness.runSucceeded(instance);
  site.s.emit({ type: 'run', instance, entity, status, summary, startedAt, endedAt });
  const next = site.s.pooled ? undefined : new Date(job.nextAt).toISOString();
  log.info({ status, next }, `[${instance}] ${describeSummary(summary)}`);
  return status;
}

/** The run stopped: retried after a backoff that grows with each failure in a row. */
function failed(
  site: RunSite,
  job: Job,
  log: Logger,
  err: unknown,
  span: Span,
): Extract<EntityRunResult, { status: 'failed' }> {
  const { entity } = job;
  const { startedAt, endedAt } = span;
  const instance = site.inst.name;
  job.failures++;
  const retryInMs = backoffDelayMs(job.failures, site.s.backoff, site.s.random);
  job.nextAt = Date.now() + retryInMs;
  // BigCommerce errors leave the Odoo side intact; anything else may have broken the context.
  if (!(err instanceof BigCommerceError)) site.session.reset();
  site.s.result.runs++;
  site.s.result.failed++;
  const reason = bigCommerceFailure(err)?.reason ?? 'error';
  site.s.metrics.run(instance, entity, 'failed', (endedAt - startedAt) / 1000, undefined, reason);
  site.s.readiness.runFailed(instance, err);
  // The reason test-connection gives (bad token, unknown store, unreachable host…) when there is one.
  const message = describeRunFailure(err);
  site.s.emit({
    type: 'failed',
    instance,
    entity,
    error: message,
    reason,
    failures: job.failures,
    retryInMs,
    startedAt,
    endedAt,
  });
  const level = err instanceof ShutdownError || site.s.stopping() ? 'warn' : 'error';
  // One line per failure (an outage repeats them); the stack only at debug level.
  log[level](
    {
      error: message,
      reason,
      errorClass: err instanceof Error ? err.name : typeof err,
      failures: job.failures,
      retryInMs,
    },
    `${entity}: run failed (${message}); ${retryText(site.s, retryInMs)}`,
  );
  log.debug({ err }, `${entity}: run failure details`);
  return { status: 'failed', error: message, reason };
}

function retryText(s: Shared, retryInMs: number): string {
  if (s.once) return 'not retried (--once)';
  if (s.pooled) return 'the pool retries it';
  return `retry in ${(retryInMs / 1000).toFixed(1)} s`;
}
