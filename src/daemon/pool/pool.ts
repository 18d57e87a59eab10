/**
 * The daemon as a member of a pool (queue.url set): the instance workers' scheduled entities
 * become streams, each a pg-boss queue (streams.ts, job-queue.ts), and any member runs any job.
 *
 * - Schedules: every member keeps each stream's clock and puts the run of each schedule time in
 *   the stream's queue under one shared job id, so a time fires once per pool however many
 *   members there are, and a run is never lost while one member is up.
 * - Runs: a member takes jobs while it has room (queue.concurrency), streams in dependency
 *   order; a run is the same leased run as without the pool (entity-run.ts), so the Odoo lease
 *   still guards each stream against a CLI import or a daemon outside the pool.
 * - Outcomes: a done or partial run completes its job; a failed one fails it and pg-boss
 *   retries it with backoff (queue.retry_*); one whose lease another process holds fails too,
 *   so it runs once that process is done. A job failed after its retries is logged as given up
 *   and counted (bc_odoo_pool_jobs_total{outcome="given_up"}); every attempt is in Odoo's
 *   operation log like any run.
 * - A member that dies stops renewing its job, which pg-boss then retries on another member;
 *   the Odoo lease it left expires by itself and the next holder closes its run as interrupted.
 */
import type { Logger } from '../../log/logger.js';
import { redactText } from '../../log/redact.js';
import { type EntityRunResult, runEntity } from '../entity-run.js';
import type { InstanceWorker } from '../instance-worker.js';
import type { Job, Shared } from '../shared.js';
import type { JobQueue, PoolJob } from './job-queue.js';
import { currentOccurrence, nextOccurrence, occurrenceJobId, streamQueue } from './streams.js';

/** How often an idle member looks for jobs (a job it queued itself is taken at once). */
const POLL_MS = 2_000;

interface Stream {
  readonly queue: string;
  readonly worker: InstanceWorker;
  readonly job: Job;
}

export class Pool {
  private readonly streams: Stream[];
  private readonly log: Logger;
  private readonly running = new Set<Promise<void>>();
  private readonly clocks = new Set<NodeJS.Timeout>();
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  private wakeUp: (() => void) | undefined;
  private abandoned = false;

  constructor(
    private readonly s: Shared,
    workers: readonly InstanceWorker[],
    private readonly queue: JobQueue,
    private readonly concurrency: number,
    private readonly heartbeatMs: number,
  ) {
    this.log = s.logger.child({ component: 'pool' });
    this.streams = workers
      .flatMap((worker) =>
        worker.scheduled().map((job) => ({ worker, job, queue: streamQueue(worker.inst.name, job.entity) })),
      )
      .sort((a, b) => a.job.rank - b.job.rank);
  }

  /** Makes the streams' queues and starts their clocks. */
  async start(): Promise<void> {
    for (const st of this.streams) await this.queue.ensureQueue(st.queue, 'stately');
    for (const st of this.streams) this.startClock(st);
    this.log.info(
      { streams: this.streams.map((st) => st.queue), concurrency: this.concurrency },
      'pool member started',
    );
  }

  /** Takes and runs jobs until the daemon stops; resolves once the runs it started have ended. */
  async run(): Promise<void> {
    while (!this.s.stopping()) {
      const took = this.running.size < this.concurrency ? await this.takeOne() : false;
      if (!took) await this.sleep(POLL_MS);
    }
    this.stopClocks();
    await Promise.allSettled([...this.running]);
    if (!this.abandoned) await this.queue.stop();
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** As if the process died: jobs and leases are left as they are (to expire), the connection closed. */
  async abandon(): Promise<void> {
    this.abandoned = true;
    for (const t of this.heartbeats) clearInterval(t);
    this.stopClocks();
    this.wake();
    await this.queue.stop();
  }

  /** Busy when a run is going (the daemon's abort reports it). */
  busy(): boolean {
    return this.running.size > 0;
  }

  // ---- clocks ------------------------------------------------------------------------------

  /** Queues the run of the current schedule time now (a member that starts catches up), then each next one. */
  private startClock(st: Stream): void {
    const now = new Date();
    const current = currentOccurrence(st.job.plan.schedule, now);
    if (current) void this.fire(st, current);
    this.armClock(st, nextOccurrence(st.job.plan.schedule, now));
  }

  private armClock(st: Stream, at: Date): void {
    if (this.s.stopping()) return;
    const timer = setTimeout(
      () => {
        this.clocks.delete(timer);
        void this.fire(st, at);
        this.armClock(st, nextOccurrence(st.job.plan.schedule, new Date(Math.max(Date.now(), at.getTime()))));
      },
      Math.max(0, at.getTime() - Date.now()),
    );
    timer.unref();
    this.clocks.add(timer);
  }

  private stopClocks(): void {
    for (const t of this.clocks) clearTimeout(t);
    this.clocks.clear();
  }

  private async fire(st: Stream, at: Date): Promise<void> {
    try {
      const queued = await this.queue.put(st.queue, occurrenceJobId(st.queue, at), { at: at.toISOString() });
      if (!queued) return;
      this.s.metrics.poolScheduleFired(st.worker.inst.name, st.job.entity);
      this.log.debug({ queue: st.queue, at: at.toISOString() }, 'scheduled run queued');
      this.wake();
    } catch (err) {
      // The next schedule time (or another member) queues it; the queue database may be down.
      this.log.warn({ queue: st.queue, error: redactText(String(err)) }, 'could not queue a scheduled run');
    }
  }

  // ---- runs --------------------------------------------------------------------------------

  /**
   * Takes the first job waiting in a stream whose instance has nothing earlier in dependency
   * order waiting or running (orders wait for the products a first import is still making, as
   * without the pool), and starts it.
   */
  private async takeOne(): Promise<boolean> {
    let busy: Set<string>;
    try {
      busy = await this.queue.busyQueues(this.streams.map((st) => st.queue));
    } catch (err) {
      this.log.warn({ error: redactText(String(err)) }, 'could not read the job queue');
      return false;
    }
    const blocked = new Set<string>();
    for (const st of this.streams) {
      if (this.s.stopping()) return false;
      const instance = st.worker.inst.name;
      if (blocked.has(instance)) continue;
      if (!busy.has(st.queue)) continue;
      // Whatever happens to this stream's job, later streams of the instance wait for it.
      blocked.add(instance);
      let job: PoolJob | undefined;
      try {
        job = await this.queue.take(st.queue);
      } catch (err) {
        this.log.warn({ queue: st.queue, error: redactText(String(err)) }, 'could not take a job');
        return false;
      }
      if (!job) continue;
      const p = this.runJob(st, job).finally(() => {
        this.running.delete(p);
        this.wake();
      });
      this.running.add(p);
      return true;
    }
    return false;
  }

  private async runJob(st: Stream, job: PoolJob): Promise<void> {
    const heartbeat = this.keepAlive(job);
    let result: EntityRunResult;
    try {
      result = await runEntity(st.worker, st.job);
    } finally {
      clearInterval(heartbeat);
      this.heartbeats.delete(heartbeat);
    }
    if (this.abandoned) return;
    await this.settle(st, job, result).catch((err: unknown) =>
      // Left active, the job expires and is run again: at worst once more, never lost.
      this.log.warn({ queue: st.queue, job: job.id, error: redactText(String(err)) }, 'could not record a job outcome'),
    );
  }

  /** Completes the job, or fails it for pg-boss to retry; says so when its retries are spent. */
  private async settle(st: Stream, job: PoolJob, result: EntityRunResult): Promise<void> {
    const instance = st.worker.inst.name;
    const { entity } = st.job;
    if (result.status === 'done' || result.status === 'partial') {
      await this.queue.complete(job, { status: result.status });
      this.s.metrics.poolJob(instance, entity, 'completed');
      return;
    }
    const why =
      result.status === 'failed'
        ? result.error
        : `another bc-odoo process holds the lease (${result.holder ?? 'unknown'})`;
    await this.queue.fail(job, why);
    const givenUp = job.retryCount >= job.retryLimit;
    this.s.metrics.poolJob(instance, entity, givenUp ? 'given_up' : 'retried');
    const attempts = job.retryCount + 1;
    if (givenUp)
      this.log.error(
        { instance, entity, job: job.id, attempts },
        `${entity}: given up after ${attempts} attempts (${why}); the next schedule time runs it again`,
      );
    else
      this.log.info(
        { instance, entity, job: job.id, attempts },
        `${entity}: attempt ${attempts} failed; pg-boss retries it`,
      );
  }

  /** Renews the job every quarter heartbeat while it runs (job-queue.ts, renew). */
  private keepAlive(job: PoolJob): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.queue
        .renew(job)
        .catch((err: unknown) =>
          this.log.warn({ job: job.id, error: redactText(String(err)) }, 'could not renew a running job'),
        );
    }, this.heartbeatMs / 4);
    timer.unref();
    this.heartbeats.add(timer);
    return timer;
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
}
