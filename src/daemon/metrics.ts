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
} as const;

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
