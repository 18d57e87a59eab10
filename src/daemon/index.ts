export {
  runDaemon,
  ShutdownError,
  type DaemonEvent,
  type DaemonHandle,
  type DaemonOptions,
  type DaemonResult,
  type DaemonRunConfig,
} from './daemon.js';
export {
  LeaseManager,
  Lease,
  LeaseLostError,
  leaseHolderId,
  describeTakeover,
  LEASE_MODULE,
  type AcquireResult,
} from './lease.js';
export { runLeasedImport, type LeasedImport, type LeasedRun } from './leased-run.js';
export { METRIC_NAMES } from './metrics.js';
export { backoffDelayMs, nextRunAt, describeSchedule, type BackoffPolicy } from './schedule.js';
