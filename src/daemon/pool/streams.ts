/**
 * The pool's names and times, as pure functions (decide apart from execute, STYLE §8).
 *
 * A stream is one entity of one instance: its runs must not overlap (a cursor, a lease), so each
 * stream is a pg-boss queue of its own with the `stately` policy — at most one job waiting and
 * one running. A schedule fires once per pool: every daemon puts the run of a schedule time in
 * the queue under the same job id (derived from the stream and the time), and pg-boss keeps the
 * first (`ON CONFLICT DO NOTHING`). Interval schedules are aligned to the epoch for that: `every
 * 5m` fires at :00, :05, … on every member, however far apart they started.
 */
import { createHash } from 'node:crypto';
import { Cron } from 'croner';
import type { Schedule } from '../../config/index.js';

/** pg-boss queue names: letters, digits, `_`, `-`, `.` and `/` only. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** The queue of one stream: `bc-odoo.<instance>.<entity>` (instance names are already safe). */
export function streamQueue(instance: string, entity: string): string {
  return `bc-odoo.${safe(instance)}.${safe(entity)}`;
}

/** The queue of the parts of one stream's split imports (any number run at once). */
export function partsQueue(instance: string, entity: string): string {
  return `${streamQueue(instance, entity)}.parts`;
}

/**
 * The schedule time `now` falls in: for an interval, the start of its epoch-aligned slot; for a
 * cron pattern, its latest time at or before `now` (undefined when it never fired yet).
 */
export function currentOccurrence(schedule: Schedule, now: Date): Date | undefined {
  if (schedule.kind === 'every') return new Date(Math.floor(now.getTime() / schedule.ms) * schedule.ms);
  const cron = new Cron(schedule.pattern, { paused: true, mode: '5-or-6-parts' });
  try {
    // previousRuns looks strictly before its reference: a time exactly now counts as current.
    return cron.previousRuns(1, new Date(now.getTime() + 1))[0] ?? undefined;
  } finally {
    cron.stop();
  }
}

/** The first schedule time strictly after `now`. */
export function nextOccurrence(schedule: Schedule, now: Date): Date {
  if (schedule.kind === 'every') return new Date((Math.floor(now.getTime() / schedule.ms) + 1) * schedule.ms);
  const cron = new Cron(schedule.pattern, { paused: true, mode: '5-or-6-parts' });
  try {
    // A pattern that never fires again (e.g. a past date) waits a year instead of spinning.
    return cron.nextRun(now) ?? new Date(now.getTime() + 365 * 86_400_000);
  } finally {
    cron.stop();
  }
}

/**
 * A UUID (pg-boss job ids are uuids) that is the same on every daemon for the same key: the
 * run of one stream at one schedule time, or one part of one split import.
 */
export function sharedJobId(...key: readonly (string | number)[]): string {
  const h = createHash('sha1').update(key.join('\u0000')).digest('hex');
  // Shaped as a version-5 (name-based, SHA-1) UUID.
  const variant = ((Number.parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

/** The job id of a stream's run at one schedule time. */
export function occurrenceJobId(queue: string, at: Date): string {
  return sharedJobId(queue, 'at', at.toISOString());
}
