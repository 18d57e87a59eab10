/**
 * The daemon's Prometheus metrics (prom-client), on a registry of its own — never the module
 * default — so two daemons in one process (tests) stay apart. Gauges that describe the present
 * (sync lag, quota, queue depth) are computed when scraped.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { ImportSummary } from '../sync/run-import.js';

export const METRIC_NAMES = {
  imported: 'bc_odoo_records_imported_total',
  failed: 'bc_odoo_records_failed_total',
  runs: 'bc_odoo_runs_total',
  runFailures: 'bc_odoo_run_failures_total',
  lastSuccess: 'bc_odoo_last_success_timestamp_seconds',
  lag: 'bc_odoo_sync_lag_seconds',
  duration: 'bc_odoo_run_duration_seconds',
  leaseHeld: 'bc_odoo_lease_held',
  quotaLeft: 'bc_odoo_bigcommerce_quota_left',
  queueDepth: 'bc_odoo_bigcommerce_queue_depth',
  ready: 'bc_odoo_ready',
  webhookReceived: 'bc_odoo_webhook_events_received_total',
  webhookRejected: 'bc_odoo_webhook_events_rejected_total',
  webhookCoalesced: 'bc_odoo_webhook_events_coalesced_total',
  eventToOdoo: 'bc_odoo_webhook_event_to_odoo_seconds',
  eventsMissed: 'bc_odoo_events_missed_total',
  hooksReactivated: 'bc_odoo_webhook_hooks_reactivated_total',
  hooksActive: 'bc_odoo_webhook_hooks_active',
  hookChecksFailed: 'bc_odoo_webhook_checks_failed_total',
  poolJobs: 'bc_odoo_pool_jobs_total',
  poolFired: 'bc_odoo_pool_schedules_fired_total',
} as const;

/** How a pool job ended on this daemon: completed, failed and left to pg-boss to retry, or given up after its retries. */
export type PoolJobOutcome = 'completed' | 'retried' | 'given_up';

export type RunOutcome = 'done' | 'partial' | 'failed' | 'held';

export class DaemonMetrics {
  readonly registry = new Registry();
  private readonly imported: Counter<'instance' | 'entity'>;
  private readonly failed: Counter<'instance' | 'entity'>;
  private readonly runs: Counter<'instance' | 'entity' | 'status'>;
  private readonly runFailures: Counter<'instance' | 'entity' | 'reason'>;
  private readonly lastSuccess: Gauge<'instance' | 'entity'>;
  private readonly duration: Histogram<'instance' | 'entity'>;
  private readonly leaseHeld: Gauge<'instance' | 'entity'>;
  private readonly ready: Gauge<'instance' | 'side'>;
  private readonly webhookReceived: Counter<'instance' | 'scope'>;
  private readonly webhookRejected: Counter<'reason'>;
  private readonly webhookCoalesced: Counter<'instance' | 'entity'>;
  private readonly eventToOdooSeconds: Histogram<'instance' | 'entity'>;
  private readonly eventsMissed: Counter<'instance' | 'entity'>;
  private readonly hooksReactivated: Counter<'instance'>;
  private readonly hooksActive: Gauge<'instance'>;
  private readonly hookChecksFailed: Counter<'instance'>;
  private readonly poolJobs: Counter<'instance' | 'entity' | 'outcome'>;
  private readonly poolFired: Counter<'instance' | 'entity'>;
  /** cursor per instance/entity as epoch ms, for the lag gauge */
  private readonly cursors = new Map<string, { instance: string; entity: string; at: number }>();

  constructor(stores: SchedulerRegistry, now: () => number = Date.now) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.imported = new Counter({
      name: METRIC_NAMES.imported,
      help: 'Records created or updated in Odoo',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.failed = new Counter({
      name: METRIC_NAMES.failed,
      help: 'Records that failed to import (see the Odoo operation log)',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.runs = new Counter({
      name: METRIC_NAMES.runs,
      help: 'Scheduled runs by outcome (held = another daemon held the lease)',
      labelNames: ['instance', 'entity', 'status'],
      registers,
    });
    this.runFailures = new Counter({
      name: METRIC_NAMES.runFailures,
      help: 'Failed runs by reason (bad_token, unknown_store, unreachable, timeout, error)',
      labelNames: ['instance', 'entity', 'reason'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: METRIC_NAMES.lastSuccess,
      help: 'End of the last run that did not fail, unix seconds',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.duration = new Histogram({
      name: METRIC_NAMES.duration,
      help: 'Duration of import runs in seconds',
      labelNames: ['instance', 'entity'],
      registers,
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
    });
    this.leaseHeld = new Gauge({
      name: METRIC_NAMES.leaseHeld,
      help: '1 while this daemon holds the lease of an instance and entity',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.ready = new Gauge({
      name: METRIC_NAMES.ready,
      help: '1 when the last check of this side of an instance succeeded',
      labelNames: ['instance', 'side'],
      registers,
    });
    this.webhookReceived = new Counter({
      name: METRIC_NAMES.webhookReceived,
      help: 'Webhook callbacks accepted, by instance and BigCommerce scope',
      labelNames: ['instance', 'scope'],
      registers,
    });
    this.webhookRejected = new Counter({
      name: METRIC_NAMES.webhookRejected,
      help: 'Webhook requests refused (unauthorized, too_large, malformed, not_an_event, unknown_store, not_found, method)',
      labelNames: ['reason'],
      registers,
    });
    this.webhookCoalesced = new Counter({
      name: METRIC_NAMES.webhookCoalesced,
      help: 'Webhook events folded into an import already pending for the same record (duplicates and bursts)',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.eventToOdooSeconds = new Histogram({
      name: METRIC_NAMES.eventToOdoo,
      help: "From a webhook's receipt to the end of the import that brought its record into Odoo, seconds",
      labelNames: ['instance', 'entity'],
      registers,
      buckets: [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300],
    });
    this.eventsMissed = new Counter({
      name: METRIC_NAMES.eventsMissed,
      help: 'Records a scheduled poll created or updated that no webhook event announced (the backstop caught them)',
      labelNames: ['instance', 'entity'],
      registers,
    });
    this.hooksReactivated = new Counter({
      name: METRIC_NAMES.hooksReactivated,
      help: "bc-odoo's hooks found deactivated by BigCommerce and re-enabled by the daemon's hook check",
      labelNames: ['instance'],
      registers,
    });
    this.hooksActive = new Gauge({
      name: METRIC_NAMES.hooksActive,
      help: "bc-odoo's hooks active in the store after the daemon's last hook check",
      labelNames: ['instance'],
      registers,
    });
    this.hookChecksFailed = new Counter({
      name: METRIC_NAMES.hookChecksFailed,
      help: 'Hook checks that failed (BigCommerce unreachable, an action refused); retried at the next interval',
      labelNames: ['instance'],
      registers,
    });
    this.poolJobs = new Counter({
      name: METRIC_NAMES.poolJobs,
      help: 'Pool jobs this daemon ran, by outcome: completed, retried (failed, pg-boss runs it again) or given_up (failed after its retries)',
      labelNames: ['instance', 'entity', 'outcome'],
      registers,
    });
    this.poolFired = new Counter({
      name: METRIC_NAMES.poolFired,
      help: "Scheduled runs this daemon put in the pool's queue (once per pool and schedule time: the others found it there)",
      labelNames: ['instance', 'entity'],
      registers,
    });
    const cursors = this.cursors;
    new Gauge({
      name: METRIC_NAMES.lag,
      help: 'Now minus the incremental cursor (the newest change imported with nothing left behind), seconds',
      labelNames: ['instance', 'entity'],
      registers,
      collect() {
        this.reset();
        for (const c of cursors.values())
          this.set({ instance: c.instance, entity: c.entity }, Math.max(0, (now() - c.at) / 1000));
      },
    });
    new Gauge({
      name: METRIC_NAMES.quotaLeft,
      help: 'BigCommerce API requests left in the current quota window, per store',
      labelNames: ['store'],
      registers,
      collect() {
        this.reset();
        for (const [store, s] of Object.entries(stores.stats()))
          if (s.quotaLeft !== undefined) this.set({ store }, s.quotaLeft);
      },
    });
    new Gauge({
      name: METRIC_NAMES.queueDepth,
      help: 'BigCommerce requests waiting or in flight, per store',
      labelNames: ['store'],
      registers,
      collect() {
        this.reset();
        for (const [store, s] of Object.entries(stores.stats())) this.set({ store }, s.queueDepth);
      },
    });
  }

  /** Declares the series of a scheduled entity, so they read 0 before its first run. */
  track(instance: string, entity: string): void {
    this.imported.inc({ instance, entity }, 0);
    this.failed.inc({ instance, entity }, 0);
    this.leaseHeld.set({ instance, entity }, 0);
  }

  cursor(instance: string, entity: string, cursor: string | undefined): void {
    const at = cursor ? Date.parse(cursor) : Number.NaN;
    if (Number.isFinite(at)) this.cursors.set(`${instance}\0${entity}`, { instance, entity, at });
  }

  run(
    instance: string,
    entity: string,
    outcome: RunOutcome,
    seconds: number,
    summary?: ImportSummary,
    /** failed runs: why (bad_token, unreachable, …, error) */
    reason?: string,
  ): void {
    this.runs.inc({ instance, entity, status: outcome });
    if (outcome === 'failed') this.runFailures.inc({ instance, entity, reason: reason ?? 'error' });
    if (outcome === 'held') return;
    this.duration.observe({ instance, entity }, seconds);
    if (summary) {
      this.imported.inc({ instance, entity }, summary.created + summary.updated);
      this.failed.inc({ instance, entity }, summary.failed);
      this.cursor(instance, entity, summary.cursor);
    }
    if (outcome !== 'failed') this.lastSuccess.set({ instance, entity }, Math.floor(Date.now() / 1000));
  }

  /** An import by id that webhooks asked for: its records count as imported, nothing else moves. */
  eventRun(instance: string, entity: string, summary: ImportSummary): void {
    this.imported.inc({ instance, entity }, summary.created + summary.updated);
    this.failed.inc({ instance, entity }, summary.failed);
  }

  webhookAccepted(instance: string, scope: string): void {
    this.webhookReceived.inc({ instance, scope });
  }

  webhookRefused(reason: string): void {
    this.webhookRejected.inc({ reason });
  }

  coalesced(instance: string, entity: string): void {
    this.webhookCoalesced.inc({ instance, entity });
  }

  eventToOdoo(instance: string, entity: string, seconds: number): void {
    this.eventToOdooSeconds.observe({ instance, entity }, seconds);
  }

  /** Declares the missed counter of an entity (0 until a poll finds one), then adds `n`. */
  missed(instance: string, entity: string, n: number): void {
    this.eventsMissed.inc({ instance, entity }, n);
  }

  /** Declares the hook check's counters of an instance, so they read 0 before anything happens. */
  trackHooks(instance: string): void {
    this.hooksReactivated.inc({ instance }, 0);
    this.hookChecksFailed.inc({ instance }, 0);
  }

  /** One hook check: `active` when the store's hooks could be listed (unknown otherwise). */
  hookCheck(instance: string, r: { reactivated: number; failed: boolean; active?: number }): void {
    this.hooksReactivated.inc({ instance }, r.reactivated);
    if (r.failed) this.hookChecksFailed.inc({ instance });
    if (r.active !== undefined) this.hooksActive.set({ instance }, r.active);
  }

  poolJob(instance: string, entity: string, outcome: PoolJobOutcome): void {
    this.poolJobs.inc({ instance, entity, outcome });
  }

  poolScheduleFired(instance: string, entity: string): void {
    this.poolFired.inc({ instance, entity });
  }

  lease(instance: string, entity: string, held: boolean): void {
    this.leaseHeld.set({ instance, entity }, held ? 1 : 0);
  }

  readiness(instance: string, side: 'bigcommerce' | 'odoo', ok: boolean): void {
    this.ready.set({ instance, side }, ok ? 1 : 0);
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
