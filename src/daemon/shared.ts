/**
 * What the daemon's parts share: the results and events it reports (daemon.ts re-exports them
 * as its public types), the state every instance worker reads (`Shared`: config, scheduler
 * registry, metrics, readiness, lease holder, shutdown flags) and one scheduled entity (`Job`).
 */
import type { SchedulerRegistry } from '../bigcommerce/scheduler.js';
import type { DaemonConfig, EntitySchedule, InstanceConfig } from '../config/index.js';
import type { Logger } from '../log/logger.js';
import type { Exclusive } from '../sync/exclusive.js';
import type { EntityImporter, ImportOptions, ImportSummary } from '../sync/run-import.js';
import type { DaemonMetrics } from './metrics.js';
import type { Readiness } from './readiness.js';
import type { BackoffPolicy } from './schedule.js';

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
      /** bad_token, unknown_store, unreachable, timeout (BigCommerce connection failures) or error */
      reason: string;
      failures: number;
      retryInMs: number;
      startedAt: number;
      endedAt: number;
    }
  | { type: 'held'; instance: string; entity: string; holder?: string; until?: string; at: number };

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

export class ShutdownError extends Error {
  override readonly name = 'ShutdownError';
}

export interface Shared {
  readonly config: DaemonRunConfig;
  readonly logger: Logger;
  readonly registry: SchedulerRegistry;
  readonly metrics: DaemonMetrics;
  readonly readiness: Readiness;
  readonly holder: string;
  readonly hardAbort: AbortController;
  readonly backoff: BackoffPolicy;
  readonly once: boolean;
  /** runs are pool jobs (daemon/pool/): pg-boss retries failed ones, not the worker's backoff */
  readonly pooled: boolean;
  /** in a pool: the lock for shared reference data, given to every run's context (sync/exclusive.ts) */
  readonly exclusive?: Exclusive;
  readonly random: () => number;
  emit(e: DaemonEvent): void;
  stopping(): boolean;
  abandoned(): boolean;
  readonly result: DaemonResult;
}

/** One enabled entity of an instance: when it runs next, and how many runs in a row failed. */
export interface Job {
  readonly entity: string;
  readonly importer: EntityImporter;
  readonly plan: EntitySchedule;
  /** its place in dependency order: breaks ties between entities due at once */
  readonly rank: number;
  nextAt: number;
  failures: number;
  /** what the import is limited to (a pool job's part of a split import) */
  readonly opts?: ImportOptions;
}
