/**
 * `runDaemon()`: keeps every configured instance in step on a schedule. Per instance, one
 * worker runs its enabled entities one at a time, each when due, in dependency order when
 * several are due, through the same `runImport()` and importers as `bc-odoo import`
 * (incremental from the stored cursor). Per instance one ImportContext, reopened after an Odoo
 * error; per store one request scheduler (quota) shared by all its runs.
 *
 * Each run holds the lease of its sync-state row (lease.ts), so no two daemons ever import the
 * same entity of the same instance at once. A failed run (BigCommerce or Odoo down) is logged
 * and retried with capped exponential backoff; as its cursor did not move, the retry resumes
 * from where the last good run ended and nothing is lost.
 *
 * stop(): no new run starts; a running one may finish within shutdown_grace_seconds, then it
 * is aborted through an AbortSignal (abort() does that at once). The CLI maps the first
 * SIGTERM/SIGINT to stop() and the second to abort().
 */
import { BigCommerceClient } from '../bigcommerce/client.js';
import { BigCommerceError } from '../bigcommerce/errors.js';
import { SchedulerRegistry, type SchedulerOptions } from '../bigcommerce/scheduler.js';
import {
  ConfigError,
  defaultScheduleConfig,
  type DaemonConfig,
  type EntitySchedule,
  type InstanceConfig,
} from '../config/index.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { redactText } from '../log/redact.js';
import { openImportContext, type ImportContext } from '../sync/context.js';
import { IMPORTERS, ORDER } from '../sync/importers.js';
import { describeSummary, runImport, type EntityImporter, type ImportSummary } from '../sync/run-import.js';
import { startEndpoint, type HttpEndpoint } from './http.js';
import { describeTakeover, leaseHolderId, LeaseManager, type Lease } from './lease.js';
import { DaemonMetrics } from './metrics.js';
import { Readiness, type InstanceReadiness } from './readiness.js';
import { backoffDelayMs, describeSchedule, nextRunAt, type BackoffPolicy } from './schedule.js';

export interface DaemonRunConfig {
  readonly instances: readonly InstanceConfig[];
  readonly daemon: DaemonConfig;
}

export type DaemonEvent =
  | { type: 'start'; instance: string; entity: string; holder: string; at: number; tookOverFrom?: string }
  | {
      type: 'run';
      instance: string;
      entity: string;
      status: 'done' | 'partial';
      summary: ImportSummary;
      startedAt: number;
      endedAt: number;
    }
  | {
      type: 'failed';
      instance: string;
      entity: string;
      error: string;
      failures: number;
      retryInMs: number;
      startedAt: number;
      endedAt: number;
    }
  | { type: 'held'; instance: string; entity: string; holder?: string; until?: string; at: number };

export interface DaemonOptions {
  logger?: Logger;
  /** run each enabled entity once (in dependency order) and end; no HTTP endpoint */
  once?: boolean;
  /** serve /healthz, /readyz and /metrics (default: true, except with `once`) */
  http?: boolean;
  /** merged into every store's request scheduler (tests: a fast retry policy) */
  schedulerOptions?: Omit<SchedulerOptions, 'signal' | 'storeHash'>;
  /** every run's start and outcome, and every lease refusal */
  onEvent?: (e: DaemonEvent) => void;
  /** lease holder id (default hostname:pid:random) */
  holder?: string;
  /** for backoff jitter */
  random?: () => number;
}

export interface DaemonResult {
  runs: number;
  /** runs that failed (the import stopped) */
  failed: number;
  /** runs with records that failed (the rest was imported) */
  partial: number;
  /** runs skipped because another daemon held the lease */
  held: number;
  /** whether a run had to be aborted to stop */
  aborted: boolean;
}

export interface DaemonHandle {
  /** base URL of the HTTP endpoint, when it runs */
  readonly url?: string;
  readonly holder: string;
  /** resolves when the loop has ended: after stop(), or when a `once` pass is complete */
  readonly done: Promise<DaemonResult>;
  /** graceful: no new runs; running ones get shutdown_grace_seconds, then are aborted */
  stop(): Promise<DaemonResult>;
  /** forceful: aborts running imports now (the second SIGTERM) */
  abort(): Promise<DaemonResult>;
  /** as if the process died: stops at once without releasing leases (tests) */
  abandon(): Promise<void>;
  readiness(): { ready: boolean; instances: Record<string, InstanceReadiness> };
  metrics(): Promise<string>;
}

export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
}

/**
 * After the forced abort, how long stop() still waits for runs to record their end (operation
 * log, lease release) before it resolves anyway: the daemon exits at most this long after
 * shutdown_grace_seconds.
 */
const AFTER_ABORT_MS = 2_000;

interface Shared {
  readonly config: DaemonRunConfig;
  readonly logger: Logger;
  readonly registry: SchedulerRegistry;
  readonly metrics: DaemonMetrics;
  readonly readiness: Readiness;
  readonly holder: string;
  readonly hardAbort: AbortController;
  readonly backoff: BackoffPolicy;
  readonly once: boolean;
  readonly random: () => number;
  emit(e: DaemonEvent): void;
  stopping(): boolean;
  abandoned(): boolean;
  readonly result: DaemonResult;
}

export async function runDaemon(config: DaemonRunConfig, opts: DaemonOptions = {}): Promise<DaemonHandle> {
  const logger = (opts.logger ?? silentLogger).child({ component: 'daemon' });
  const d = config.daemon;
  const hardAbort = new AbortController();
  const registry = new SchedulerRegistry({ ...opts.schedulerOptions, signal: hardAbort.signal });
  const metrics = new DaemonMetrics(registry);
  const readiness = new Readiness(
    config.instances,
    logger,
    (i, side, ok) => metrics.readiness(i, side, ok),
    hardAbort.signal,
  );
  const holder = opts.holder ?? leaseHolderId();
  let stopping = false;
  let abandoned = false;
  const result: DaemonResult = { runs: 0, failed: 0, partial: 0, held: 0, aborted: false };
  const shared: Shared = {
    config,
    logger,
    registry,
    metrics,
    readiness,
    holder,
    hardAbort,
    result,
    backoff: { initialMs: d.backoff.initialSeconds * 1000, maxMs: d.backoff.maxSeconds * 1000 },
    once: !!opts.once,
    random: opts.random ?? Math.random,
    emit: (e) => {
      try {
        opts.onEvent?.(e);
      } catch (err) {
        logger.warn({ err }, 'onEvent handler threw');
      }
    },
    stopping: () => stopping,
    abandoned: () => abandoned,
  };
  const workers = config.instances.map((inst) => new InstanceWorker(inst, shared));
  if (workers.every((w) => w.idle())) {
    throw new ConfigError('schedule', [
      {
        path: 'instances[].schedule',
        message: 'no entity is enabled on any instance: the daemon would have nothing to do',
      },
    ]);
  }

  const endpoint: HttpEndpoint | undefined =
    (opts.http ?? !opts.once)
      ? await startEndpoint(
          d.http.host,
          d.http.port,
          {
            alive: () => !stopping,
            readiness: () => readiness.report(),
            metrics: async () => ({ contentType: metrics.contentType, body: await metrics.text() }),
          },
          logger,
        )
      : undefined;

  let readinessTimer: NodeJS.Timeout | undefined;
  if (!opts.once) {
    void readiness.checkAll();
    readinessTimer = setInterval(() => void readiness.checkAll(), d.readinessCheckSeconds * 1000);
    readinessTimer.unref();
  }

  logger.info(
    {
      holder,
      url: endpoint?.url,
      once: !!opts.once,
      instances: config.instances.map((i) => i.name),
    },
    `daemon started${endpoint ? ` (endpoint ${endpoint.url})` : ''}`,
  );

  const loops = Promise.all(workers.map((w) => w.loop()));
  const afterAbort = new Promise<void>((resolve) => {
    hardAbort.signal.addEventListener('abort', () => setTimeout(resolve, AFTER_ABORT_MS).unref(), { once: true });
  });
  let graceTimer: NodeJS.Timeout | undefined;
  const done = (async () => {
    await Promise.race([loops, afterAbort]);
    stopping = true;
    if (graceTimer) clearTimeout(graceTimer);
    if (readinessTimer) clearInterval(readinessTimer);
    await endpoint?.close();
    logger.info({ ...result }, 'daemon stopped');
    return { ...result };
  })();

  const abortRuns = (why: string): void => {
    if (hardAbort.signal.aborted) return;
    result.aborted = workers.some((w) => w.busy());
    hardAbort.abort(new ShutdownError(why));
  };

  const stop = (): Promise<DaemonResult> => {
    if (!stopping) {
      stopping = true;
      logger.info({ graceSeconds: d.shutdownGraceSeconds }, 'stopping: no new runs; waiting for running imports');
      for (const w of workers) w.wake();
      graceTimer = setTimeout(() => {
        logger.warn('shutdown grace period over: aborting running imports');
        abortRuns(`shutdown: grace period of ${d.shutdownGraceSeconds} s over`);
      }, d.shutdownGraceSeconds * 1000);
    }
    return done;
  };

  return {
    url: endpoint?.url,
    holder,
    done,
    stop,
    abort: () => {
      const p = stop();
      logger.warn('aborting running imports');
      abortRuns('shutdown: aborted');
      return p;
    },
    abandon: async () => {
      abandoned = true;
      stopping = true;
      for (const w of workers) w.abandon();
      hardAbort.abort(new ShutdownError('abandoned'));
      await endpoint?.close();
      await Promise.race([loops, afterAbort]);
    },
    readiness: () => readiness.report(),
    metrics: () => metrics.text(),
  };
}

interface Job {
  readonly entity: string;
  readonly importer: EntityImporter;
  readonly plan: EntitySchedule;
  readonly rank: number;
  nextAt: number;
  failures: number;
}

/** One instance: its jobs, its ImportContext, one run at a time. */
class InstanceWorker {
  private readonly jobs: Job[] = [];
  private readonly log: Logger;
  private ctx: ImportContext | undefined;
  private stateIds = new Map<string, number>();
  private leases: LeaseManager | undefined;
  private current: Lease | undefined;
  private running = false;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly inst: InstanceConfig,
    private readonly s: Shared,
  ) {
    this.log = s.logger.child({ instance: inst.name });
    const schedule = inst.schedule ?? defaultScheduleConfig();
    ORDER.forEach((entity, rank) => {
      const plan = schedule[entity];
      const importer = IMPORTERS[entity];
      if (!plan.enabled) {
        this.log.info({ entity }, `${entity}: auto-update disabled`);
      } else if (!importer) {
        this.log.info({ entity }, `${entity}: no importer in this version; not scheduled`);
      } else {
        this.jobs.push({ entity, importer, plan, rank, nextAt: Date.now(), failures: 0 });
        s.metrics.track(inst.name, entity);
        this.log.info(
          { entity, schedule: describeSchedule(plan.schedule) },
          `${entity}: ${describeSchedule(plan.schedule)}`,
        );
      }
    });
  }

  busy(): boolean {
    return this.running;
  }

  /** nothing scheduled on this instance */
  idle(): boolean {
    return this.jobs.length === 0;
  }

  wake(): void {
    this.wakeUp?.();
  }

  abandon(): void {
    this.current?.abandon();
    this.wake();
  }

  async loop(): Promise<void> {
    if (this.s.once) {
      for (const job of this.jobs) {
        if (this.s.stopping()) return;
        await this.runJob(job);
      }
      return;
    }
    while (!this.s.stopping() && this.jobs.length) {
      const job = this.jobs.reduce((a, b) =>
        b.nextAt < a.nextAt || (b.nextAt === a.nextAt && b.rank < a.rank) ? b : a,
      );
      const wait = job.nextAt - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      await this.runJob(job);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = undefined;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  /** The instance's import context, opened (or reopened) on demand. */
  private async context(): Promise<ImportContext> {
    if (this.ctx) return this.ctx;
    const ctx = await openImportContext(this.inst, {
      logger: this.s.logger,
      registry: this.s.registry,
      signal: this.s.hardAbort.signal,
    });
    const rows = await ctx.odoo.searchRead<{
      id: number;
      x_entity: string;
      x_auto_update: boolean;
      x_cursor: string | false;
    }>('x_bc_sync_state', [['x_instance_id', '=', ctx.instanceId]], ['x_entity', 'x_auto_update', 'x_cursor']);
    this.stateIds = new Map(rows.map((r) => [r.x_entity, r.id]));
    // Odoo shows which entities this daemon keeps up to date (the auto-update toggle).
    const scheduled = new Set(this.jobs.map((j) => j.entity));
    for (const r of rows) {
      const want = scheduled.has(r.x_entity);
      if (r.x_auto_update !== want) await ctx.odoo.write('x_bc_sync_state', [r.id], { x_auto_update: want });
      this.s.metrics.cursor(this.inst.name, r.x_entity, r.x_cursor || undefined);
    }
    this.leases = new LeaseManager(ctx.odoo, this.s.holder, this.s.config.daemon.leaseSeconds * 1000);
    this.ctx = ctx;
    return ctx;
  }

  private async runJob(job: Job): Promise<void> {
    const { entity } = job;
    const instance = this.inst.name;
    const startedAt = Date.now();
    const log = this.log.child({ entity });
    this.running = true;
    let endedAt = startedAt;
    try {
      const ctx = await this.context();
      const stateId = this.stateIds.get(entity);
      if (stateId === undefined) throw new Error(`no sync-state row for ${entity} in Odoo: run \`bc-odoo setup\``);
      const got = await this.leases!.acquire(stateId);
      if (!got.ok) {
        this.s.result.held++;
        this.s.metrics.run(instance, entity, 'held', 0);
        this.s.emit({ type: 'held', instance, entity, holder: got.holder, until: got.until, at: Date.now() });
        log.info(
          { holder: got.holder, until: got.until },
          `${entity}: another bc-odoo process holds the lease (${got.holder ?? 'unknown'}); skipped`,
        );
        job.nextAt = nextRunAt(job.plan.schedule, new Date()).getTime();
        return;
      }
      const lease = got.lease;
      this.current = lease;
      const takeover = describeTakeover(got);
      if (takeover)
        log.warn(
          { previous: got.tookOverFrom, reason: got.takeover, interrupted: got.interrupted },
          `${entity}: ${takeover}`,
        );
      else if (got.interrupted.length)
        log.warn(
          { interrupted: got.interrupted },
          `${entity}: closed runs left running (operation log ${got.interrupted.join(', ')}) as interrupted`,
        );
      this.s.metrics.lease(instance, entity, true);
      this.s.emit({
        type: 'start',
        instance,
        entity,
        holder: this.s.holder,
        at: Date.now(),
        tookOverFrom: got.tookOverFrom,
      });
      const lost = new AbortController();
      const signal = AbortSignal.any([this.s.hardAbort.signal, lost.signal]);
      lease.keepAlive((err) => {
        log.error({ err }, `${entity}: ${err.message}; stopping this run`);
        lost.abort(err);
      });
      let summary: ImportSummary;
      try {
        summary = await runImport(this.runContext(ctx, signal), job.importer);
      } finally {
        endedAt = Date.now();
        this.current = undefined;
        if (this.s.abandoned()) {
          lease.abandon();
        } else {
          await lease
            .release()
            .catch((err: unknown) =>
              log.warn({ err }, `${entity}: could not release the lease (it expires by itself)`),
            );
        }
        this.s.metrics.lease(instance, entity, false);
      }
      job.failures = 0;
      job.nextAt = nextRunAt(job.plan.schedule, new Date()).getTime();
      const status = summary.status === 'partial' ? 'partial' : 'done';
      this.s.result.runs++;
      if (status === 'partial') this.s.result.partial++;
      this.s.metrics.run(instance, entity, status, (endedAt - startedAt) / 1000, summary);
      this.s.readiness.runSucceeded(instance);
      this.s.emit({ type: 'run', instance, entity, status, summary, startedAt, endedAt });
      log.info({ status, next: new Date(job.nextAt).toISOString() }, `[${instance}] ${describeSummary(summary)}`);
    } catch (err) {
      if (endedAt === startedAt) endedAt = Date.now();
      job.failures++;
      const retryInMs = backoffDelayMs(job.failures, this.s.backoff, this.s.random);
      job.nextAt = Date.now() + retryInMs;
      // BigCommerce errors leave the Odoo side intact; anything else may have broken the context.
      if (!(err instanceof BigCommerceError)) this.ctx = undefined;
      this.s.result.runs++;
      this.s.result.failed++;
      this.s.metrics.run(instance, entity, 'failed', (endedAt - startedAt) / 1000);
      this.s.readiness.runFailed(instance, err);
      const message = redactText(err instanceof Error ? err.message : String(err));
      this.s.emit({
        type: 'failed',
        instance,
        entity,
        error: message,
        failures: job.failures,
        retryInMs,
        startedAt,
        endedAt,
      });
      const level = err instanceof ShutdownError || this.s.stopping() ? 'warn' : 'error';
      // One line per failure (an outage repeats them); the stack only at debug level.
      log[level](
        { error: message, errorClass: err instanceof Error ? err.name : typeof err, failures: job.failures, retryInMs },
        `${entity}: run failed (${message}); ${this.s.once ? 'not retried (--once)' : `retry in ${(retryInMs / 1000).toFixed(1)} s`}`,
      );
      log.debug({ err }, `${entity}: run failure details`);
    } finally {
      this.running = false;
    }
  }

  /**
   * The context for one run: its own BigCommerce client on the store's shared scheduler, whose
   * requests stop when the run's signal fires (lease lost, forced shutdown).
   */
  private runContext(ctx: ImportContext, signal: AbortSignal): ImportContext {
    const b = this.inst.bigcommerce;
    const bc = new BigCommerceClient({
      baseUrl: b.apiBaseUrl,
      storeHash: b.storeHash,
      accessToken: b.accessToken,
      timeoutMs: b.timeoutMs,
      concurrency: b.concurrency,
      headroom: b.quotaHeadroom,
      logger: ctx.logger,
      registry: this.s.registry,
      signal,
    });
    return { ...ctx, bc, signal };
  }
}
