/**
 * When the daemon runs what, as pure functions (decide apart from execute, STYLE §8): the next
 * time of a schedule, and the delay before retrying a failed run — exponential with jitter and
 * a cap. The loop in daemon.ts only executes these decisions.
 */
import { Cron } from 'croner';
import type { Schedule } from '../config/index.js';

/**
 * The next run after a run that ended at `after`: an interval counts from the end of the last
 * run (so a slow run never causes back-to-back runs), a cron pattern gives its next time
 * strictly after `after`, in the process's time zone (TZ).
 */
export function nextRunAt(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'every') return new Date(after.getTime() + schedule.ms);
  const cron = new Cron(schedule.pattern, { paused: true, mode: '5-or-6-parts' });
  try {
    const next = cron.nextRun(after);
    // A pattern that never fires again (e.g. a past date) waits a year instead of spinning.
    return next ?? new Date(after.getTime() + 365 * 86_400_000);
  } finally {
    cron.stop();
  }
}

export interface BackoffPolicy {
  /** delay after the first failure */
  readonly initialMs: number;
  /** no delay exceeds this */
  readonly maxMs: number;
}

/**
 * Delay before the next try after `failures` consecutive failed runs (1 = the first failure):
 * initial·2^(failures−1), capped, with "equal jitter" — uniform in [half, all] of it — so
 * daemons that failed together do not retry together, and a retry never comes at once.
 */
export function backoffDelayMs(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  const ceiling = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(n - 1, 40));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A short description for logs, e.g. "every 5m" or "cron 0 * * * *". */
export function describeSchedule(schedule: Schedule): string {
  return schedule.kind === 'every' ? `every ${schedule.text}` : `cron ${schedule.pattern}`;
}
