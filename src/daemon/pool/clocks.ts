/**
 * The schedules of a pool member (streams.ts decides the times): for each stream, the run of
 * each schedule time goes into the stream's queue under the time's shared job id, so however
 * many members keep the same clocks, pg-boss holds one job per time.
 */
import type { Logger } from '../../log/logger.js';
import { redactText } from '../../log/redact.js';
import type { InstanceWorker } from '../instance-worker.js';
import type { Job, Shared } from '../shared.js';
import { COMPLETED_KEPT_SECONDS, type JobQueue } from './job-queue.js';
import { currentOccurrence, nextOccurrence, occurrenceJobId } from './streams.js';

/** One entity of one instance as the pool runs it. */
export interface Stream {
  readonly queue: string;
  /** where its split imports' parts wait, for a splittable entity */
  readonly parts?: string;
  readonly worker: InstanceWorker;
  readonly job: Job;
}

/** The longest delay setTimeout keeps (2^31 − 1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

export class ScheduleClocks {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly s: Shared,
    private readonly queue: JobQueue,
    private readonly log: Logger,
    /** a run was queued by this member: look for work now */
    private readonly queued: () => void,
  ) {}

  /**
   * Queues the run of the current schedule time now (a member that starts catches up), then
   * each next one. A current time older than the queue keeps done jobs is left to the next:
   * its done job may be archived, and queuing it again would run it twice.
   */
  start(st: Stream): void {
    const now = new Date();
    const current = currentOccurrence(st.job.plan.schedule, now);
    if (current && now.getTime() - current.getTime() < (COMPLETED_KEPT_SECONDS - 3_600) * 1000)
      void this.fire(st, current);
    this.arm(st, nextOccurrence(st.job.plan.schedule, now));
  }

  private arm(st: Stream, at: Date): void {
    if (this.s.stopping()) return;
    const wait = Math.max(0, at.getTime() - Date.now());
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        // Timers hold at most ~24.8 days: a later time (a monthly cron) is waited for in steps.
        if (wait > MAX_TIMER_MS) return this.arm(st, at);
        void this.fire(st, at);
        this.arm(st, nextOccurrence(st.job.plan.schedule, new Date(Math.max(Date.now(), at.getTime()))));
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    timer.unref();
    this.timers.add(timer);
  }

  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private async fire(st: Stream, at: Date): Promise<void> {
    try {
      const queued = await this.queue.put(st.queue, occurrenceJobId(st.queue, at), { at: at.toISOString() });
      if (!queued) return;
      this.s.metrics.poolScheduleFired(st.worker.inst.name, st.job.entity);
      this.log.debug({ queue: st.queue, at: at.toISOString() }, 'scheduled run queued');
      this.queued();
    } catch (err) {
      // The next schedule time (or another member) queues it; the queue database may be down.
      this.log.warn({ queue: st.queue, error: redactText(String(err)) }, 'could not queue a scheduled run');
    }
  }
}
