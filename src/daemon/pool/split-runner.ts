/**
 * Runs the parts of one split import (sync/split.ts) through the pool: puts them in the
 * stream's parts queue — under ids made from the stream job and the range, so a retried
 * stream job finds its earlier parts instead of adding overlapping ones — and waits until each
 * ended, running parts itself meanwhile (a member alone runs them all, one after another;
 * with more members they run at once). A part failed after its retries fails the split: the
 * stream job fails, and the cursor stays where it was.
 */
import type { ImportPart, SplitRunner } from '../../sync/split.js';
import type { JobQueue, PoolJob } from './job-queue.js';
import { sharedJobId } from './streams.js';

/** What a split runner needs of the pool. */
export interface PartHost {
  readonly queue: JobQueue;
  /** runs a part this member took, to its end (completed, or failed for a retry) */
  runPart(job: PoolJob<PartData>): Promise<void>;
  /** the member stops: the stream run is aborted with it */
  stopping(): boolean;
}

/** A part job's data: the range, the stream's `since` (ISO), and the split's time. */
export interface PartData {
  readonly min: number;
  readonly max: number;
  readonly since?: string;
}

const WAIT_MS = 1_000;

export class PoolSplitRunner implements SplitRunner {
  constructor(
    private readonly host: PartHost,
    /** the parts queue of the stream */
    private readonly partsQueue: string,
    /** the stream job that splits: its id survives its retries */
    private readonly streamJobId: string,
  ) {}

  async run(parts: readonly ImportPart[], since: Date | undefined, plannedAt: Date): Promise<Date> {
    const plan = await this.host.queue.rememberPlan(this.streamJobId, plannedAt, parts);
    const ids = await this.enqueue(plan.parts, since);
    await this.waitRunningParts(ids);
    return plan.plannedAt;
  }

  private async enqueue(parts: readonly ImportPart[], since: Date | undefined): Promise<string[]> {
    const ids: string[] = [];
    for (const p of parts) {
      const id = sharedJobId(this.partsQueue, this.streamJobId, p.min, p.max);
      const data: PartData = { min: p.min, max: p.max, ...(since ? { since: since.toISOString() } : {}) };
      await this.host.queue.put(this.partsQueue, id, { ...data });
      ids.push(id);
    }
    return ids;
  }

  /** Until every part ended; takes and runs waiting parts itself meanwhile. */
  private async waitRunningParts(ids: readonly string[]): Promise<void> {
    for (;;) {
      const states = await this.host.queue.statesOf(this.partsQueue, ids);
      const open = (states.created ?? 0) + (states.retry ?? 0) + (states.active ?? 0);
      if (open === 0) return this.judge(states, ids.length);
      if (this.host.stopping()) throw new Error('the pool member is stopping: the split import is left to its retry');
      const job = await this.host.queue.take<PartData>(this.partsQueue);
      if (job) await this.host.runPart(job);
      else await new Promise((r) => setTimeout(r, WAIT_MS));
    }
  }

  private judge(states: Record<string, number>, total: number): void {
    const bad = (states.failed ?? 0) + (states.cancelled ?? 0) + (states.missing ?? 0);
    if (bad) throw new Error(`${bad} of ${total} parts of the split import failed after their retries`);
  }
}
