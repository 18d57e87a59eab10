/**
 * `runDaemon()`: keeps every configured instance in step on a schedule. Per instance, one
 * worker (instance-worker.ts) runs its enabled entities one at a time, each when due, in
 * dependency order when several are due, through the same `runImport()` and importers as
 * `bc-odoo import` (incremental from the stored cursor). Per instance one ImportContext,
 * reopened after an Odoo error (instance-session.ts); per store one request scheduler (quota)
 * shared by all its runs. This module starts the workers and the HTTP endpoint (http.ts:
 * /healthz, /readyz from readiness.ts, /metrics from metrics.ts) and stops them.
 *
 * Each run holds the lease of its sync-state row (leased-run.ts, lease.ts), so no two daemons
 * ever import the same entity of the same instance at once. A failed run (BigCommerce or Odoo
 * down) is logged and retried with capped exponential backoff (entity-run.ts); as its cursor
 * did not move, the retry resumes from where the last good run ended and nothing is lost.
 *
 * With daemon.webhooks configured, a public receiver takes BigCommerce's callbacks and imports
 * the records they name by id within seconds (webhooks/service.ts); the scheduled polls keep
 * running as the backstop. Not in `once` mode.
 *
 * stop(): no new run starts; a running one may finish within shutdown_grace_seconds, then it
 * is aborted through an AbortSignal (abort() does that at once). The CLI maps the first
 * SIGTERM/SIGINT to stop() and the second to abort().
 */
import { SchedulerRegistry, type SchedulerOptions } from '../bigcommerce/scheduler.js';
import { ConfigError, type QueueConfig } from '../config/index.js';
import { redactText } from '../log/redact.js';
import { JobQueue } from './pool/job-queue.js';
import { createPgMutex } from './pool/pg-mutex.js';
import { createPgSharedQuota, poolHeadroom } from './pool/pg-quota.js';
import { Pool } from './pool/pool.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { startEndpoint, type HttpEndpoint } from './http.js';
import { InstanceWorker } from './instance-worker.js';
import { leaseHolderId } from './lease.js';
import { DaemonMetrics } from './metrics.js';
import { startWebhooks, type WebhookService } from './webhooks/service.js';
import type { WebhookServiceOptions } from './webhooks/service.js';
import { Readiness, type InstanceReadiness } from './readiness.js';
import { type DaemonEvent, type DaemonResult, type DaemonRunConfig, type Shared, ShutdownError } from './shared.js';

export { type DaemonEvent, type DaemonResult, type DaemonRunConfig, ShutdownError } from './shared.js';

/** The queue database could not be opened at start (unreachable, unknown database, no rights). */
export class PoolUnavailableError extends Error {
  override readonly name = 'PoolUnavailableError';
}

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
  /** webhook dispatch timings (tests) */
  webhooks?: WebhookServiceOptions;
}

export interface DaemonHandle {
  /** base URL of the HTTP endpoint, when it runs */
  readonly url?: string;
  /** where the webhook receiver listens (path included), when daemon.webhooks is configured */
  readonly webhooksUrl?: string;
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

/**
 * After the forced abort, how long stop() still waits for runs to record their end (operation
 * log, lease release) before it resolves anyway: the daemon exits at most this long after
 * shutdown_grace_seconds.
 */
const AFTER_ABORT_MS = 2_000;

export async function runDaemon(config: DaemonRunConfig, opts: DaemonOptions = {}): Promise<DaemonHandle> {
  const logger = (opts.logger ?? silentLogger).child({ component: 'daemon' });
  const d = config.daemon;
  const hardAbort = new AbortController();
  // In a pool every member's requests to a store draw on one budget, kept in the queue database.
  const sharedQuota =
    d.queue && !opts.once
      ? createPgSharedQuota(d.queue.url, {
          headroom: poolHeadroom(config.instances),
          logger: logger.child({ component: 'quota' }),
        })
      : undefined;
  const registry = new SchedulerRegistry({ ...opts.schedulerOptions, signal: hardAbort.signal, sharedQuota });
  const mutex = d.queue && !opts.once ? createPgMutex(d.queue.url) : undefined;
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
  let webhooks: WebhookService | undefined;
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
    pooled: !!(d.queue && !opts.once),
    exclusive: mutex?.exclusive,
    random: opts.random ?? Math.random,
    emit: (e) => {
      webhooks?.runEnded(e);
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
  requireWork(workers);
  const pool = shared.pooled && d.queue ? await joinPool(shared, workers, d.queue) : undefined;
  const endpoint = (opts.http ?? !opts.once) ? await serveEndpoint(shared, () => !stopping) : undefined;
  webhooks = d.webhooks && !opts.once ? await startWebhooks(d.webhooks, shared, workers, opts.webhooks) : undefined;
  const readinessTimer = opts.once ? undefined : checkReadinessEvery(readiness, d.readinessCheckSeconds);

  logger.info(
    {
      holder,
      url: endpoint?.url,
      once: !!opts.once,
      pool: !!pool,
      instances: config.instances.map((i) => i.name),
    },
    `daemon started${endpoint ? ` (endpoint ${endpoint.url})` : ''}`,
  );

  const loops = pool ? pool.run() : Promise.all(workers.map((w) => w.loop()));
  const afterAbort = new Promise<void>((resolve) => {
    hardAbort.signal.addEventListener('abort', () => setTimeout(resolve, AFTER_ABORT_MS).unref(), { once: true });
  });
  let graceTimer: NodeJS.Timeout | undefined;
  const done = (async () => {
    await Promise.race([loops, afterAbort]);
    stopping = true;
    if (graceTimer) clearTimeout(graceTimer);
    if (readinessTimer) clearInterval(readinessTimer);
    // Event imports end like scheduled ones: within the grace period, or aborted with it.
    if (webhooks) await Promise.race([webhooks.stop(), afterAbort]);
    await endpoint?.close();
    await sharedQuota?.close().catch(() => undefined);
    await mutex?.close().catch(() => undefined);
    logger.info({ ...result }, 'daemon stopped');
    return { ...result };
  })();

  const abortRuns = (why: string): void => {
    if (hardAbort.signal.aborted) return;
    result.aborted = workers.some((w) => w.busy()) || !!pool?.busy();
    hardAbort.abort(new ShutdownError(why));
  };

  const stop = (): Promise<DaemonResult> => {
    if (!stopping) {
      stopping = true;
      logger.info({ graceSeconds: d.shutdownGraceSeconds }, 'stopping: no new runs; waiting for running imports');
      // BigCommerce retries what it cannot deliver now; the next start's polls cover the rest.
      void webhooks?.closeReceiver();
      for (const w of workers) w.wake();
      pool?.wake();
      graceTimer = setTimeout(() => {
        logger.warn('shutdown grace period over: aborting running imports');
        abortRuns(`shutdown: grace period of ${d.shutdownGraceSeconds} s over`);
      }, d.shutdownGraceSeconds * 1000);
    }
    return done;
  };

  return {
    url: endpoint?.url,
    webhooksUrl: webhooks?.url,
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
      await pool?.abandon();
      await webhooks?.closeReceiver();
      await endpoint?.close();
      await Promise.race([loops, afterAbort]);
    },
    readiness: () => readiness.report(),
    metrics: () => metrics.text(),
  };
}

/** Connects to the queue database and makes this daemon a member of the pool. */
async function joinPool(s: Shared, workers: readonly InstanceWorker[], q: QueueConfig): Promise<Pool> {
  let queue: JobQueue;
  try {
    queue = await JobQueue.open(q, s.logger);
  } catch (err) {
    throw new PoolUnavailableError(
      `queue.url: cannot open the job queue (${redactText(err instanceof Error ? err.message : String(err))}); check that the database exists and the URL's user may create tables in it`,
      { cause: err },
    );
  }
  const pool = new Pool(s, workers, queue, q.concurrency, q.heartbeatSeconds * 1000);
  await pool.start();
  return pool;
}

/** A daemon with nothing enabled anywhere is a configuration mistake, not a quiet success. */
function requireWork(workers: readonly InstanceWorker[]): void {
  if (workers.every((w) => w.idle())) {
    throw new ConfigError('schedule', [
      {
        path: 'instances[].schedule',
        message: 'no entity is enabled on any instance: the daemon would have nothing to do',
      },
    ]);
  }
}

/** /healthz (alive while the loop runs), /readyz and /metrics on daemon.http. */
function serveEndpoint(s: Shared, alive: () => boolean): Promise<HttpEndpoint> {
  const { http } = s.config.daemon;
  return startEndpoint(
    http.host,
    http.port,
    {
      alive,
      readiness: () => s.readiness.report(),
      metrics: async () => ({ contentType: s.metrics.contentType, body: await s.metrics.text() }),
    },
    s.logger,
  );
}

/** Checks both sides of every instance now, then every `seconds` (runs refresh it in between). */
function checkReadinessEvery(readiness: Readiness, seconds: number): NodeJS.Timeout {
  void readiness.checkAll();
  const timer = setInterval(() => void readiness.checkAll(), seconds * 1000);
  timer.unref();
  return timer;
}
