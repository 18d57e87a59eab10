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
import { Nap } from '../nap.js';
import type { Logger } from '../../log/logger.js';
import { redactText } from '../../log/redact.js';
import { type EntityRunResult, runEntity } from '../entity-run.js';
import type { InstanceWorker } from '../instance-worker.js';
import type { Shared } from '../shared.js';
import type { JobQueue, PoolJob } from './job-queue.js';
import { type PartData, type PartHost, PoolSplitRunner } from './split-runner.js';
import { ScheduleClocks, type Stream } from './clocks.js';
import { partsQueue, streamQueue } from './streams.js';
import { runContext } from '../entity-run.js';
import { runImport } from '../../sync/run-import.js';
import { IMPORTERS } from '../../sync/importers.js';
import { describeRunFailure } from '../../sync/connection-failure.js';

/** Entities whose large imports are split into parts across the pool (their importer plans the parts). */
const SPLITTABLE: ReadonlySet<string> = new Set(
  Object.values(IMPORTERS)
    .filter((i) => i.splits)
    .map((i) => i.entity),
);

/** How often an idle member looks for jobs (a job it queued itself is taken at once). */
const POLL_MS = 2_000;

export class Pool implements PartHost {
  private readonly streams: Stream[];
  private readonly log: Logger;
  private readonly running = new Set<Promise<void>>();
  private readonly clocks: ScheduleClocks;
  private readonly heartbeats = new Set<NodeJS.Timeout>();
  private readonly nap = new Nap();
  private abandoned = false;

  constructor(
    private readonly s: Shared,
    workers: readonly InstanceWorker[],
    readonly queue: JobQueue,
    private readonly concurrency: number,
    private readonly heartbeatMs: number,
  ) {
    this.log = s.logger.child({ component: 'pool' });
    this.streams = workers
      .flatMap((worker) =>
        worker.scheduled().map((job) => ({
          worker,
          job,
          queue: streamQueue(worker.inst.name, job.entity),
          ...(SPLITTABLE.has(job.entity) ? { parts: partsQueue(worker.inst.name, job.entity) } : {}),
        })),
      )
      .sort((a, b) => a.job.rank - b.job.rank);
    this.clocks = new ScheduleClocks(s, queue, this.log, () => this.wake());
  }

  /** Makes the streams' queues and starts their clocks. */
  async start(): Promise<void> {
    for (const st of this.streams) {
      await this.queue.ensureQueue(st.queue, 'stately');
      if (st.parts) await this.queue.ensureQueue(st.parts, 'standard');
    }
    for (const st of this.streams) this.clocks.start(st);
    this.log.info(
      { streams: this.streams.map((st) => st.queue), concurrency: this.concurrency },
      'pool member started',
    );
  }

  /** Takes and runs jobs until the daemon stops; resolves once the runs it started have ended. */
  async run(): Promise<void> {
    while (!this.s.stopping()) {
      const took = this.running.size < this.concurrency ? await this.takeOne() : false;
      if (!took) await this.nap.sleep(POLL_MS);
    }
    this.clocks.stop();
    await Promise.allSettled([...this.running]);
    if (!this.abandoned) await this.queue.stop();
  }

  wake(): void {
    this.nap.wake();
  }

  /** As if the process died: jobs and leases are left as they are (to expire), the connection closed. */
  async abandon(): Promise<void> {
    this.abandoned = true;
    for (const t of this.heartbeats) clearInterval(t);
    this.clocks.stop();
    this.wake();
    await this.queue.stop();
  }

  stopping(): boolean {
    return this.s.stopping();
  }

  /** Busy when a run is going (the daemon's abort reports it). */
  busy(): boolean {
    return this.running.size > 0;
  }

  // ---- runs --------------------------------------------------------------------------------

  /**
   * Takes the first job waiting in a stream whose instance has nothing earlier in dependency
   * order waiting or running (orders wait for the products a first import is still making, as
   * without the pool), and starts it.
   */
  private async takeOne(): Promise<boolean> {
    if (await this.takePart()) return true;
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
      this.track(this.runJob(st, job));
      return true;
    }
    return false;
  }

  /** A part of a split import waiting anywhere in the pool comes first: it finishes work already begun. */
  private async takePart(): Promise<boolean> {
    for (const st of this.streams) {
      if (!st.parts || this.s.stopping()) continue;
      let job: PoolJob<PartData> | undefined;
      try {
        job = await this.queue.take<PartData>(st.parts);
      } catch (err) {
        this.log.warn({ queue: st.parts, error: redactText(String(err)) }, 'could not take a part');
        return false;
      }
      if (!job) continue;
      this.track(this.runPart(job));
      return true;
    }
    return false;
  }

  private track(run: Promise<void>): void {
    const p = run.finally(() => {
      this.running.delete(p);
      this.wake();
    });
    this.running.add(p);
  }

  /**
   * One part of a split import, without the stream's lease (its stream run holds it while it
   * waits for the parts): the same import, limited to the part's ids, that never moves the cursor.
   */
  async runPart(job: PoolJob<PartData>): Promise<void> {
    const st = this.streams.find((x) => x.parts === job.queue);
    if (!st) return this.queue.fail(job, `no stream of this member has the parts queue ${job.queue}`);
    const { min, max, since } = job.data;
    const log = st.worker.log.child({ entity: st.job.entity, part: `${min}-${max}` });
    const heartbeat = this.keepAlive(job);
    let error: string | undefined;
    try {
      const { ctx } = await st.worker.session.open(st.job.entity);
      const summary = await runImport(runContext(st.worker, ctx, this.s.hardAbort.signal), st.job.importer, {
        part: { min, max },
        ...(since ? { since: new Date(since) } : { full: true }),
        trigger: `part ${min}-${max}`,
      });
      log.info(
        { status: summary.status, created: summary.created, updated: summary.updated, failed: summary.failed },
        `${st.job.entity}: part ${min}-${max} ${summary.status} (${summary.created} created, ${summary.updated} updated, ${summary.failed} failed)`,
      );
    } catch (err) {
      error = describeRunFailure(err);
      log.warn({ error }, `${st.job.entity}: part ${min}-${max} failed (${error})`);
    } finally {
      this.stopHeartbeat(heartbeat);
    }
    if (this.abandoned) return;
    await this.settleAttempt(st, job, error).catch((err: unknown) =>
      this.log.warn(
        { queue: job.queue, job: job.id, error: redactText(String(err)) },
        'could not record a part outcome',
      ),
    );
  }

  private async runJob(st: Stream, job: PoolJob): Promise<void> {
    const heartbeat = this.keepAlive(job);
    let result: EntityRunResult;
    try {
      const split = st.parts ? { split: new PoolSplitRunner(this, st.parts, job.id) } : undefined;
      result = await runEntity(st.worker, split ? { ...st.job, opts: split } : st.job);
    } finally {
      this.stopHeartbeat(heartbeat);
    }
    if (this.abandoned) return;
    await this.settle(st, job, result).catch((err: unknown) =>
      // Left active, the job expires and is run again: at worst once more, never lost.
      this.log.warn({ queue: st.queue, job: job.id, error: redactText(String(err)) }, 'could not record a job outcome'),
    );
  }

  /** Completes the job, or fails it for pg-boss to retry. */
  private settle(st: Stream, job: PoolJob, result: EntityRunResult): Promise<void> {
    if (result.status === 'done' || result.status === 'partial') return this.settleAttempt(st, job, undefined);
    const why =
      result.status === 'failed'
        ? result.error
        : `another bc-odoo process holds the lease (${result.holder ?? 'unknown'})`;
    return this.settleAttempt(st, job, why);
  }

  /** `failure` undefined: completed. Otherwise failed, and said so when its retries are spent. */
  private async settleAttempt(st: Stream, job: PoolJob<unknown>, failure: string | undefined): Promise<void> {
    const instance = st.worker.inst.name;
    const { entity } = st.job;
    const what = job.queue === st.parts ? `${entity} (part)` : entity;
    if (failure === undefined) {
      await this.queue.complete(job);
      this.s.metrics.poolJob(instance, entity, 'completed');
      return;
    }
    await this.queue.fail(job, failure);
    const givenUp = job.retryCount >= job.retryLimit;
    this.s.metrics.poolJob(instance, entity, givenUp ? 'given_up' : 'retried');
    const attempts = job.retryCount + 1;
    if (givenUp)
      this.log.error(
        { instance, entity, job: job.id, attempts },
        `${what}: given up after ${attempts} attempts (${failure}); the next schedule time runs it again`,
      );
    else
      this.log.info(
        { instance, entity, job: job.id, attempts },
        `${what}: attempt ${attempts} failed; pg-boss retries it`,
      );
  }

  /**
   * Renews the job now and every quarter heartbeat while it runs (job-queue.ts, renew). Now,
   * because a retried job keeps the expiry its last renewal stretched.
   */
  private keepAlive(job: PoolJob<unknown>): NodeJS.Timeout {
    const renew = () =>
      this.queue
        .renew(job)
        .catch((err: unknown) =>
          this.log.warn({ job: job.id, error: redactText(String(err)) }, 'could not renew a running job'),
        );
    void renew();
    const timer = setInterval(renew, this.heartbeatMs / 4);
    timer.unref();
    this.heartbeats.add(timer);
    return timer;
  }

  private stopHeartbeat(timer: NodeJS.Timeout): void {
    clearInterval(timer);
    this.heartbeats.delete(timer);
  }
}
